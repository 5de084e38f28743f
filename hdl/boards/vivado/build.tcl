# Non-project Vivado flow for a PCIe board (make bitstream BOARD=...), sourced
# by the board's generated script (hdl/boards/vivado/gen_tcl.py:
# build/boards/BOARD/BOARD.tcl), which sets
#   board part top xdc flash_mb out_dir  the board (its flow.mk)
#   generics  NAME=VALUE of the top: card_top's parameters (its board.mk, by
#             hdl/boards/card_params.py) and CARD_CLK_DIV
#   sources   the Verilog files
# Writes out_dir/BOARD.bit, out_dir/BOARD.bin (the SPI flash image) and
# reports; the PCIe block is generated under out_dir/ip by pcie_7x.tcl.
foreach v {board part top xdc flash_mb out_dir generics sources} {
    if {![info exists $v]} {
        error "build.tcl: $v is not set; run the board's generated script (make bitstream BOARD=...)"
    }
}
set here [file dirname [info script]]
file mkdir $out_dir
set ip_dir [file join $out_dir ip]
file mkdir $ip_dir

create_project -in_memory -part $part
set_property target_language Verilog [current_project]

read_verilog $sources
source [file join $here pcie_7x.tcl]
read_xdc $xdc

set generic_args {}
foreach g $generics { lappend generic_args -generic $g }
synth_design -top $top -part $part -include_dirs {hdl contract} {*}$generic_args
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
