# Non-project Vivado flow for a PCIe board (make bitstream BOARD=...):
#   vivado -mode batch -source hdl/boards/vivado/build.tcl -tclargs \
#       BOARD PART TOP XDC OUT_DIR NUM_FLOWS NUM_ENGINES FLASH_MB SOURCES_FILE \
#       CARD_CLK_DIV
# SOURCES_FILE lists the Verilog files, one per line. Writes OUT_DIR/BOARD.bit,
# OUT_DIR/BOARD.bin (the SPI flash image) and reports; the PCIe block is
# generated under OUT_DIR/ip by pcie_7x.tcl.
if {[llength $argv] != 10} {
    error "usage: build.tcl BOARD PART TOP XDC OUT_DIR NUM_FLOWS NUM_ENGINES FLASH_MB SOURCES_FILE CARD_CLK_DIV"
}
lassign $argv board part top xdc out_dir num_flows num_engines flash_mb sources_file card_clk_div
set here [file dirname [info script]]
file mkdir $out_dir
set ip_dir [file join $out_dir ip]
file mkdir $ip_dir

create_project -in_memory -part $part
set_property target_language Verilog [current_project]

set f [open $sources_file]
set sources [split [string trim [read $f]] "\n"]
close $f
read_verilog $sources
source [file join $here pcie_7x.tcl]
read_xdc $xdc

synth_design -top $top -part $part -include_dirs {hdl contract} \
    -generic NUM_FLOWS=$num_flows -generic NUM_ENGINES=$num_engines \
    -generic CARD_CLK_DIV=$card_clk_div
report_utilization -file [file join $out_dir utilization_synth.rpt]
opt_design
place_design
phys_opt_design
route_design
report_utilization -file [file join $out_dir utilization.rpt]
report_timing_summary -max_paths 20 -file [file join $out_dir timing.rpt]
report_clock_interaction -file [file join $out_dir clock_interaction.rpt]
# a bitstream with failed timing is no bitstream
set wns [get_property SLACK [get_timing_paths -max_paths 1 -nworst 1 -setup]]
if {$wns < 0} {
    error "timing not met: worst setup slack $wns ns (see $out_dir/timing.rpt)"
}
write_bitstream -force [file join $out_dir $board.bit]
write_cfgmem -force -format bin -interface SPIx4 -size $flash_mb \
    -loadbit "up 0x0 [file join $out_dir $board.bit]" -file [file join $out_dir $board.bin]
puts "bitstream: [file join $out_dir $board.bit] (worst setup slack $wns ns)"
