# The 7-series PCIe block for the card, generated in the run (nothing
# generated is kept in the tree): Gen2 x4, 64-bit AXI4-Stream at 250 MHz,
# one 32-bit BAR0 of 8 KiB (contract/card_if.txt BAR0_SIZE) holding the card's
# registers and doorbells, and the MSI-X table (0xE00) and PBA (0xF00) the
# adapter implements (hdl/pcie/pcie_msix.v; the same offsets cardsim
# announces). Property names: PG054 "Customizing and Generating the Core".
# Sourced by build.tcl with $ip_dir set.

create_ip -name pcie_7x -vendor xilinx.com -library ip -module_name pcie_7x_0 -dir $ip_dir
set_property -dict [list \
    CONFIG.mode_selection {Advanced} \
    CONFIG.Device_Port_Type {PCI_Express_Endpoint_device} \
    CONFIG.Maximum_Link_Width {X4} \
    CONFIG.Link_Speed {5.0_GT/s} \
    CONFIG.Trgt_Link_Speed {4'h2} \
    CONFIG.Interface_Width {64_bit} \
    CONFIG.User_Clk_Freq {250} \
    CONFIG.Ref_Clk_Freq {100_MHz} \
    CONFIG.Vendor_ID {10EE} \
    CONFIG.Device_ID {9A01} \
    CONFIG.Subsystem_Vendor_ID {10EE} \
    CONFIG.Subsystem_ID {9A01} \
    CONFIG.Use_Class_Code_Lookup_Assistant {false} \
    CONFIG.Class_Code_Base {10} \
    CONFIG.Class_Code_Sub {00} \
    CONFIG.Class_Code_Interface {00} \
    CONFIG.Bar0_Enabled {true} \
    CONFIG.Bar0_Type {Memory} \
    CONFIG.Bar0_64bit {false} \
    CONFIG.Bar0_Prefetchable {false} \
    CONFIG.Bar0_Scale {Kilobytes} \
    CONFIG.Bar0_Size {8} \
    CONFIG.Bar1_Enabled {false} \
    CONFIG.Bar2_Enabled {false} \
    CONFIG.Bar3_Enabled {false} \
    CONFIG.Bar4_Enabled {false} \
    CONFIG.Bar5_Enabled {false} \
    CONFIG.Expansion_Rom_Enabled {false} \
    CONFIG.Max_Payload_Size {256_bytes} \
    CONFIG.Extended_Tag_Field {false} \
    CONFIG.Legacy_Interrupt {NONE} \
    CONFIG.IntX_Generation {false} \
    CONFIG.MSI_Enabled {false} \
    CONFIG.MSIx_Enabled {true} \
    CONFIG.MSIx_Table_Size {9} \
    CONFIG.MSIx_Table_BIR {BAR_0} \
    CONFIG.MSIx_Table_Offset {E00} \
    CONFIG.MSIx_PBA_BIR {BAR_0} \
    CONFIG.MSIx_PBA_Offset {F00} \
    CONFIG.Trans_Buf_Pipeline {None} \
    CONFIG.PCIe_Blk_Locn {X0Y0} \
] [get_ips pcie_7x_0]
generate_target all [get_ips pcie_7x_0]
synth_ip [get_ips pcie_7x_0]
