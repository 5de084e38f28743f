#!/bin/sh
# One formal proof of the RTL with yosys and yosys-smtbmc (z3):
#   hdl/formal/prove.sh NAME BUILD_DIR
# NAME selects the module, its proof define (the FORMAL_* block of the
# module: environment assumptions, shadow models, assertions), small
# parameters and the depth K. The proof is k-induction: a bounded check of
# the first K clocks from reset (base case) and the induction step of
# length K; both must pass (docs/rtl-verification.md).
set -eu
name=$1; out=$2/formal
mem=""   # yosys passes for the module's memories
aig=""   # yosys passes after the flip-flops are unmapped
case $name in
    fifo_fwft) src=hdl/fifo_fwft.v; def=FORMAL_FIFO; par="-set DW 4 -set AW 2"; k=8 ;;
    rc4_core)  src=hdl/rc4_core.v;  def=FORMAL_RC4;  par="-set W 4"; k=2
        # the S-box's write data comes from its own asynchronous reads, which
        # write_smt2 takes for a logic loop as one memory cell: plain registers
        mem="memory_map; opt -fast;"
        # and z3 4.8 stalls on the word-level netlist (it rewrites each
        # definition as it reads it; the S-box muxes blow up), not on gates
        aig="techmap; opt -fast; abc -g AND; opt_clean; dffunmap;" ;;
    hif_fetch) src=hdl/hif_fetch.v; def=FORMAL_FETCH
        par="-set NQ 2 -set NS 2 -set SW 1 -set NT 2 -set TW 1"; k=3
        # the payload buffer, the tag table and the slots' entries (LUT RAM,
        # g_sqe) hold data no assertion reads: their read data is left free
        # (any value, every clock); so are the entry being dispatched, the
        # verdicts and the beat counts (they decide
        # only whether an entry goes to the engine, gets a payload or an
        # error, and when its stream ends: any of those, at any clock, is
        # allowed); the logic that only drives ports goes (about 20% less
        # CPU than without these cuts)
        mem='delete -output; opt_clean;'
        mem="$mem"' delete w:sqe_q %ci1 w:s_vd_q* %ci1 w:vd_q %ci1 w:rd_beat_q %ci1 w:tx_beat_q %ci1 w:rx_beat_q %ci1 w:* %d;'
        mem="$mem"' setundef -undriven -anyseq; opt_clean; delete t:$mem_v2; setundef -undriven -anyseq; opt_clean;'
        aig="techmap; opt -fast; abc -g AND; opt_clean; dffunmap;" ;;
    hif_cpl)   src=hdl/hif_cpl.v;   def=FORMAL_CPL;   par="-set NQ 2 -set TW 1"; k=3
        # the logic that only drives ports (addresses, entry fields, data)
        # cannot reach an assertion: it goes
        mem='delete -output; opt_clean;'
        aig="techmap; opt -fast; abc -g AND; opt_clean; dffunmap;" ;;
    *) echo "prove.sh: no proof named $name" >&2; exit 2 ;;
esac
mkdir -p "$out"
yosys -q -l "$out/$name.yosys.log" -p "read_verilog -formal -Icontract -DMPPE_ASSERT -D$def $src; \
    chparam $par $name; prep -top $name; $mem async2sync; dffunmap; $aig \
    write_smt2 -wires $out/$name.smt2"
run() {
    what=$1; shift
    if ! yosys-smtbmc -s z3 --noprogress "$@" "$out/$name.smt2" > "$out/$name.$what.log" 2>&1; then
        tail -5 "$out/$name.$what.log" >&2
        yosys-smtbmc -s z3 --noprogress "$@" --dump-vcd "$out/$name.$what.vcd" "$out/$name.smt2" \
            > /dev/null 2>&1 || true
        echo "formal: $name: $what FAILED (trace: $out/$name.$what.vcd)" >&2
        exit 1
    fi
}
run base -t "$k" --presat      # every assertion in the first K clocks from reset
run step -i -t "$k"            # induction step of length K
echo "formal: $name proven (k-induction, k=$k)"
