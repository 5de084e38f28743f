#!/bin/sh
# yosys synth_xilinx of the PCIe adapter alone (hdl/pcie/pcie_adapter.v with
# the board's parameters), so the fit budget of a board can include it.
# Prints one line:
#   BENCH synth-pcie family=xc7 lut=... ff=... bram36=... lutram=... carry4=...
# Logs under build/synth/pcie. yosys counts cells before Vivado's packing and
# optimisation: an estimate of the adapter's share, not a Vivado report.
set -eu
out=build/synth/pcie
mkdir -p "$out"
RTL="hdl/pcie/pcie_adapter.v hdl/pcie/pcie_ep_core.v hdl/pcie/pcie_rx_dw.v hdl/pcie/pcie_tx_pack.v"
RTL="$RTL hdl/pcie/pcie_msix.v hdl/pcie/pcie_async_fifo.v hdl/fifo_fwft.v"
cat > $out/xilinx.ys <<YS
read_verilog -Ihdl -Icontract $RTL
synth_xilinx -top pcie_adapter -family xc7
tee -o $out/xilinx.stat stat
YS
yosys -q -l $out/xilinx.log $out/xilinx.ys > /dev/null 2>&1 || { echo "synth-pcie: yosys failed (see $out/xilinx.log)" >&2; exit 1; }
count() { awk -v c="$1" '$1 == c { n = $2 } END { print n + 0 }' $out/xilinx.stat; }
luts=0
for l in LUT1 LUT2 LUT3 LUT4 LUT5 LUT6; do luts=$((luts + $(count $l))); done
ffs=0
for f in FDRE FDSE FDCE FDPE; do ffs=$((ffs + $(count $f))); done
lutram=0
for r in RAM32M RAM64M RAM32X1D RAM64X1D RAM128X1D RAM256X1S RAM32M16 RAM64M8; do lutram=$((lutram + $(count $r))); done
bram36=$(count RAMB36E1)
bram18=$(count RAMB18E1)
echo "BENCH synth-pcie family=xc7 lut=$luts ff=$ffs bram36=$bram36 bram18=$bram18 lutram_cells=$lutram carry4=$(count CARRY4) (yosys 0.23 cell counts, before Vivado)"
