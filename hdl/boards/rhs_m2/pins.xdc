# Pins of the RHS Research M.2 boards (LiteFury and NiteFury share them), as
# the vendor's sample-project constraints give them (RHSResearchLLC/
# NiteFury-and-LiteFury, Sample-Projects/Project-0). Written for
# hdl/boards/rhs_m2/pcie_board_top.v.

# ---------------------------------------------------------------- PCIe x4
# The board's lanes do not follow the PCIe block's default GTP placement: core
# lane 0 sits on GTPE2_CHANNEL_X0Y6, lane 1 on X0Y4, lane 2 on X0Y5, lane 3 on
# X0Y7 (the vendor places the transceivers explicitly for this reason).
set_property PACKAGE_PIN B10 [get_ports {pcie_rxp[0]}]
set_property PACKAGE_PIN A10 [get_ports {pcie_rxn[0]}]
set_property PACKAGE_PIN B6  [get_ports {pcie_txp[0]}]
set_property PACKAGE_PIN A6  [get_ports {pcie_txn[0]}]
set_property PACKAGE_PIN B8  [get_ports {pcie_rxp[1]}]
set_property PACKAGE_PIN A8  [get_ports {pcie_rxn[1]}]
set_property PACKAGE_PIN B4  [get_ports {pcie_txp[1]}]
set_property PACKAGE_PIN A4  [get_ports {pcie_txn[1]}]
set_property PACKAGE_PIN D11 [get_ports {pcie_rxp[2]}]
set_property PACKAGE_PIN C11 [get_ports {pcie_rxn[2]}]
set_property PACKAGE_PIN D5  [get_ports {pcie_txp[2]}]
set_property PACKAGE_PIN C5  [get_ports {pcie_txn[2]}]
set_property PACKAGE_PIN D9  [get_ports {pcie_rxp[3]}]
set_property PACKAGE_PIN C9  [get_ports {pcie_rxn[3]}]
set_property PACKAGE_PIN D7  [get_ports {pcie_txp[3]}]
set_property PACKAGE_PIN C7  [get_ports {pcie_txn[3]}]
set_property LOC GTPE2_CHANNEL_X0Y6 [get_cells -hierarchical -filter {NAME =~ *pipe_lane[0].gt_wrapper_i/gtp_channel.gtpe2_channel_i}]
set_property LOC GTPE2_CHANNEL_X0Y4 [get_cells -hierarchical -filter {NAME =~ *pipe_lane[1].gt_wrapper_i/gtp_channel.gtpe2_channel_i}]
set_property LOC GTPE2_CHANNEL_X0Y5 [get_cells -hierarchical -filter {NAME =~ *pipe_lane[2].gt_wrapper_i/gtp_channel.gtpe2_channel_i}]
set_property LOC GTPE2_CHANNEL_X0Y7 [get_cells -hierarchical -filter {NAME =~ *pipe_lane[3].gt_wrapper_i/gtp_channel.gtpe2_channel_i}]

# 100 MHz reference clock (MGTREFCLK0 of the GTP quad)
set_property PACKAGE_PIN F6 [get_ports pcie_clkin_p]
set_property PACKAGE_PIN E6 [get_ports pcie_clkin_n]
create_clock -period 10.000 -name pcie_refclk [get_ports pcie_clkin_p]

# PERST# and CLKREQ#
set_property PACKAGE_PIN J1 [get_ports pci_reset_n]
set_property IOSTANDARD LVCMOS33 [get_ports pci_reset_n]
set_property PULLUP true [get_ports pci_reset_n]
set_false_path -from [get_ports pci_reset_n]
set_property PACKAGE_PIN G1 [get_ports pcie_clkreq_n]
set_property IOSTANDARD LVCMOS33 [get_ports pcie_clkreq_n]

# ---------------------------------------------------------------- LEDs (active low)
set_property PACKAGE_PIN G3 [get_ports {led_n[0]}]
set_property PACKAGE_PIN H3 [get_ports {led_n[1]}]
set_property PACKAGE_PIN G4 [get_ports {led_n[2]}]
set_property PACKAGE_PIN H4 [get_ports {led_n[3]}]
set_property IOSTANDARD LVCMOS33 [get_ports {led_n[*]}]
set_property DRIVE 8 [get_ports {led_n[*]}]
set_false_path -to [get_ports {led_n[*]}]

# ---------------------------------------------------------------- clock crossing
# The PCIe user clock (250 MHz) and the card clock meet only in
# pcie_async_fifo: Gray pointers through two flops, and FIFO data read at
# least two clocks after the pointer that covers it. Every path between the
# two clocks is held to one period of the faster one, so a pointer's bits
# never arrive more than one code apart (a set_clock_groups or false path
# would drop that bound).
set user_clk [get_clocks -of_objects [get_pins u_pcie/user_clk_out]]
set card_clk [get_clocks -of_objects [get_pins u_mmcm/CLKOUT0]]
set_max_delay -datapath_only 4.000 -from $user_clk -to $card_clk
set_max_delay -datapath_only 4.000 -from $card_clk -to $user_clk

# ---------------------------------------------------------------- configuration
# quad SPI at the fastest master clock, so the card is up before the root
# complex looks for it (PCIe allows 100 ms after PERST#)
set_property CONFIG_VOLTAGE 3.3 [current_design]
set_property CFGBVS VCCO [current_design]
set_property CONFIG_MODE SPIx4 [current_design]
set_property BITSTREAM.CONFIG.SPI_BUSWIDTH 4 [current_design]
set_property BITSTREAM.CONFIG.EXTMASTERCCLK_EN Div-1 [current_design]
set_property BITSTREAM.CONFIG.SPI_FALL_EDGE YES [current_design]
set_property BITSTREAM.GENERAL.COMPRESS TRUE [current_design]
