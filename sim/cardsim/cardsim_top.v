// What cardsim simulates: the card (hdl/card_top.v) and, for --tlp, the
// PCIe adapter in front of it (hdl/pcie/pcie_adapter.v). With tlp_mode_i
// low the card's ports are the top's pins and pcie_model.c serves them
// directly, as before; with it high the adapter drives them and pcie_model.c
// speaks TLPs on the adapter's AXI4-Stream side, in its own clock
// (user_clk_i), like the 7-series PCIe block would. tlp_mode_i is set once,
// before reset is released.
`default_nettype none
`include "card_if.vh"

module cardsim_top #(
  parameter integer NUM_FLOWS   = 4096,
  parameter integer NUM_ENGINES = 4,
  parameter integer CTX_BANKS   = 4,      // the engine's configuration (card_top.v)
  parameter integer RC4_BRAM    = 0,
  parameter integer SMALL       = 0,
  // the engine farm beside the engine (card_top.v FARM, FARM_*)
  parameter integer FARM          = 0,
  parameter integer FARM_LANES    = 4,
  parameter integer FARM_UNITS    = 2,
  parameter integer FARM_UNIT_CH  = 1,
  parameter [0:0]   FARM_LANE_RC4_DUAL = 1'b0,
  parameter [0:0]   FARM_UNIT_RC4_DUAL = 1'b0
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        tlp_mode_i,
  // the card's ports (tlp_mode_i low)
  input  wire        reg_req_i,
  input  wire        reg_we_i,
  input  wire [12:0] reg_addr_i,
  input  wire [31:0] reg_wdata_i,
  output wire        reg_ack_o,
  output wire [31:0] reg_rdata_o,
  output wire        dmar_req_valid_o,
  input  wire        dmar_req_ready_i,
  output wire [63:0] dmar_req_addr_o,
  output wire [15:0] dmar_req_len_o,
  output wire [3:0]  dmar_req_tag_o,
  input  wire        dmar_rsp_valid_i,
  output wire        dmar_rsp_ready_o,
  input  wire [63:0] dmar_rsp_data_i,
  input  wire        dmar_rsp_last_i,
  input  wire        dmar_rsp_err_i,
  input  wire [3:0]  dmar_rsp_tag_i,
  output wire        dmaw_valid_o,
  input  wire        dmaw_ready_i,
  output wire [63:0] dmaw_addr_o,
  output wire [15:0] dmaw_len_o,
  output wire [63:0] dmaw_data_o,
  output wire        dmaw_last_o,
  input  wire        dmaw_rsp_valid_i,
  input  wire        dmaw_rsp_err_i,
  output wire [`CARD_NUM_QUEUES-1:0] irq_o,
  output wire        quiet_o,
  output wire        srst_o,
  output wire [31:0] farm_ops_o,
  // the PCIe block's side of the adapter (tlp_mode_i high)
  input  wire        user_clk_i,
  input  wire        s_axis_tx_tready_i,
  output wire [63:0] s_axis_tx_tdata_o,
  output wire [7:0]  s_axis_tx_tkeep_o,
  output wire        s_axis_tx_tlast_o,
  output wire        s_axis_tx_tvalid_o,
  output wire [3:0]  s_axis_tx_tuser_o,
  input  wire [63:0] m_axis_rx_tdata_i,
  input  wire [7:0]  m_axis_rx_tkeep_i,
  input  wire        m_axis_rx_tlast_i,
  input  wire        m_axis_rx_tvalid_i,
  output wire        m_axis_rx_tready_o,
  input  wire [21:0] m_axis_rx_tuser_i,
  input  wire [15:0] cfg_command_i,
  input  wire [15:0] cfg_dcommand_i,
  input  wire        cfg_interrupt_msixenable_i,
  input  wire        cfg_interrupt_msixfm_i
);

  // the card's ports as the card sees them
  wire        c_reg_req, c_reg_we, c_reg_ack;
  wire [12:0] c_reg_addr;
  wire [31:0] c_reg_wdata, c_reg_rdata;
  wire        c_dmar_req_valid, c_dmar_req_ready, c_dmar_rsp_valid, c_dmar_rsp_ready;
  wire        c_dmar_rsp_last, c_dmar_rsp_err;
  wire [63:0] c_dmar_req_addr, c_dmar_rsp_data;
  wire [15:0] c_dmar_req_len;
  wire [3:0]  c_dmar_req_tag, c_dmar_rsp_tag, a_dmar_rsp_tag;
  wire        c_dmaw_valid, c_dmaw_ready, c_dmaw_last, c_dmaw_rsp_valid, c_dmaw_rsp_err;
  wire [63:0] c_dmaw_addr, c_dmaw_data;
  wire [15:0] c_dmaw_len;
  wire [`CARD_NUM_QUEUES-1:0] c_irq;
  wire        c_srst;
  // the adapter's side of them
  wire        a_reg_req, a_reg_we;
  wire [12:0] a_reg_addr;
  wire [31:0] a_reg_wdata;
  wire        a_dmar_req_ready, a_dmar_rsp_valid, a_dmar_rsp_last, a_dmar_rsp_err;
  wire [63:0] a_dmar_rsp_data;
  wire        a_dmaw_ready, a_dmaw_rsp_valid, a_dmaw_rsp_err;

  assign c_reg_req        = tlp_mode_i ? a_reg_req        : reg_req_i;
  assign c_reg_we         = tlp_mode_i ? a_reg_we         : reg_we_i;
  assign c_reg_addr       = tlp_mode_i ? a_reg_addr       : reg_addr_i;
  assign c_reg_wdata      = tlp_mode_i ? a_reg_wdata      : reg_wdata_i;
  assign c_dmar_req_ready = tlp_mode_i ? a_dmar_req_ready : dmar_req_ready_i;
  assign c_dmar_rsp_valid = tlp_mode_i ? a_dmar_rsp_valid : dmar_rsp_valid_i;
  assign c_dmar_rsp_data  = tlp_mode_i ? a_dmar_rsp_data  : dmar_rsp_data_i;
  assign c_dmar_rsp_last  = tlp_mode_i ? a_dmar_rsp_last  : dmar_rsp_last_i;
  assign c_dmar_rsp_err   = tlp_mode_i ? a_dmar_rsp_err   : dmar_rsp_err_i;
  assign c_dmar_rsp_tag   = tlp_mode_i ? a_dmar_rsp_tag   : dmar_rsp_tag_i;
  assign c_dmaw_ready     = tlp_mode_i ? a_dmaw_ready     : dmaw_ready_i;
  assign c_dmaw_rsp_valid = tlp_mode_i ? a_dmaw_rsp_valid : dmaw_rsp_valid_i;
  assign c_dmaw_rsp_err   = tlp_mode_i ? a_dmaw_rsp_err   : dmaw_rsp_err_i;

  assign reg_ack_o        = c_reg_ack;
  assign reg_rdata_o      = c_reg_rdata;
  assign dmar_req_valid_o = c_dmar_req_valid && !tlp_mode_i;
  assign dmar_req_addr_o  = c_dmar_req_addr;
  assign dmar_req_len_o   = c_dmar_req_len;
  assign dmar_req_tag_o   = c_dmar_req_tag;
  assign dmar_rsp_ready_o = c_dmar_rsp_ready && !tlp_mode_i;
  assign dmaw_valid_o     = c_dmaw_valid && !tlp_mode_i;
  assign dmaw_addr_o      = c_dmaw_addr;
  assign dmaw_len_o       = c_dmaw_len;
  assign dmaw_data_o      = c_dmaw_data;
  assign dmaw_last_o      = c_dmaw_last;
  assign irq_o            = tlp_mode_i ? {`CARD_NUM_QUEUES{1'b0}} : c_irq;
  assign srst_o           = c_srst;

  card_top #(.NUM_FLOWS(NUM_FLOWS), .NUM_ENGINES(NUM_ENGINES), .CTX_BANKS(CTX_BANKS), .RC4_BRAM(RC4_BRAM),
             .SMALL(SMALL), .FARM(FARM), .FARM_LANES(FARM_LANES), .FARM_UNITS(FARM_UNITS),
             .FARM_UNIT_CH(FARM_UNIT_CH), .FARM_LANE_RC4_DUAL(FARM_LANE_RC4_DUAL),
             .FARM_UNIT_RC4_DUAL(FARM_UNIT_RC4_DUAL)) u_card (
    .clk_i, .rst_ni,
    .reg_req_i(c_reg_req), .reg_we_i(c_reg_we), .reg_addr_i(c_reg_addr), .reg_wdata_i(c_reg_wdata),
    .reg_ack_o(c_reg_ack), .reg_rdata_o(c_reg_rdata),
    .dmar_req_valid_o(c_dmar_req_valid), .dmar_req_ready_i(c_dmar_req_ready), .dmar_req_addr_o(c_dmar_req_addr),
    .dmar_req_len_o(c_dmar_req_len), .dmar_req_tag_o(c_dmar_req_tag),
    .dmar_rsp_valid_i(c_dmar_rsp_valid), .dmar_rsp_ready_o(c_dmar_rsp_ready),
    .dmar_rsp_data_i(c_dmar_rsp_data), .dmar_rsp_last_i(c_dmar_rsp_last), .dmar_rsp_err_i(c_dmar_rsp_err),
    .dmar_rsp_tag_i(c_dmar_rsp_tag),
    .dmaw_valid_o(c_dmaw_valid), .dmaw_ready_i(c_dmaw_ready), .dmaw_addr_o(c_dmaw_addr), .dmaw_len_o(c_dmaw_len),
    .dmaw_data_o(c_dmaw_data), .dmaw_last_o(c_dmaw_last), .dmaw_rsp_valid_i(c_dmaw_rsp_valid),
    .dmaw_rsp_err_i(c_dmaw_rsp_err), .irq_o(c_irq), .quiet_o, .srst_o(c_srst), .farm_ops_o
  );

  // the adapter's own error pulses: the TLP model checks the same rules
  wire st_unexpected, st_timeout, st_ur;
  wire unused = ^{st_unexpected, st_timeout, st_ur};

  // The adapter's card side runs on the card clock only in TLP mode. In
  // direct mode nothing reaches it, but Verilator would still evaluate its
  // card-clock logic (FIFO pointers, tag tables, the response beats) on
  // every clock; gated by the constant tlp_mode_i it is not scheduled at
  // all (docs/cardsim.md "How fast it simulates"). In TLP mode a_clk is
  // clk_i, computed in the same settle as clk_i itself, so both domains'
  // registers see the same edge.
  wire a_clk = clk_i & tlp_mode_i;

  // the card's function is bus 1, device 0, function 0
  pcie_adapter #(.NVEC(`CARD_NUM_QUEUES)) u_pcie (
    .user_clk_i, .user_rst_ni(rst_ni),
    .s_axis_tx_tready_i, .s_axis_tx_tdata_o, .s_axis_tx_tkeep_o, .s_axis_tx_tlast_o, .s_axis_tx_tvalid_o,
    .s_axis_tx_tuser_o, .m_axis_rx_tdata_i, .m_axis_rx_tkeep_i, .m_axis_rx_tlast_i, .m_axis_rx_tvalid_i,
    .m_axis_rx_tready_o, .m_axis_rx_tuser_i,
    .cfg_bus_number_i(8'd1), .cfg_device_number_i(5'd0), .cfg_function_number_i(3'd0),
    .cfg_command_i, .cfg_dcommand_i, .cfg_interrupt_msixenable_i, .cfg_interrupt_msixfm_i,
    .stat_cpl_unexpected_o(st_unexpected), .stat_cpl_timeout_o(st_timeout), .stat_ur_o(st_ur),
    .card_clk_i(a_clk), .card_rst_ni(rst_ni),
    .reg_req_o(a_reg_req), .reg_we_o(a_reg_we), .reg_addr_o(a_reg_addr), .reg_wdata_o(a_reg_wdata),
    .reg_ack_i(c_reg_ack), .reg_rdata_i(c_reg_rdata),
    .dmar_req_valid_i(c_dmar_req_valid && tlp_mode_i), .dmar_req_ready_o(a_dmar_req_ready),
    .dmar_req_addr_i(c_dmar_req_addr), .dmar_req_len_i(c_dmar_req_len), .dmar_req_tag_i(c_dmar_req_tag),
    .dmar_rsp_valid_o(a_dmar_rsp_valid), .dmar_rsp_ready_i(c_dmar_rsp_ready),
    .dmar_rsp_data_o(a_dmar_rsp_data), .dmar_rsp_last_o(a_dmar_rsp_last), .dmar_rsp_err_o(a_dmar_rsp_err),
    .dmar_rsp_tag_o(a_dmar_rsp_tag),
    .dmaw_valid_i(c_dmaw_valid && tlp_mode_i), .dmaw_ready_o(a_dmaw_ready), .dmaw_addr_i(c_dmaw_addr),
    .dmaw_len_i(c_dmaw_len), .dmaw_data_i(c_dmaw_data), .dmaw_last_i(c_dmaw_last),
    .dmaw_rsp_valid_o(a_dmaw_rsp_valid), .dmaw_rsp_err_o(a_dmaw_rsp_err),
    .irq_i(tlp_mode_i ? c_irq : {`CARD_NUM_QUEUES{1'b0}}), .srst_i(c_srst && tlp_mode_i)
  );

endmodule
