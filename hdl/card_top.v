// The MPPE offload card as the PCIe side sees it, one clock domain:
//
//   hif_top   host interface: BAR0, queue pairs, DMA ports, interrupts
//   mppe_top  the MPPE engines and flow contexts (docs/engine-streams.md)
//   mgmt_top  the management core running the firmware (docs/admin-mailbox.md)
//   card_farm with FARM=1: the engine farm beside mppe_top, for stateless
//             transmit encryption (hdl/card_farm.v; issue 15)
//
// The engine's input stream is shared by the host interface (data
// operations) and the management core's self-test port, switched at
// operation boundaries; results go back by tag (the self-test port uses tag
// 0xFFFF, the host interface tags below 32). The context port belongs to the
// management core. CONTROL.RESET (srst) resets the engine and the management
// core with the host interface; the firmware then runs its self-test again.
`default_nettype none
`include "card_if.vh"
`include "mppe_ctx_bus.vh"

module card_top #(
  parameter integer NUM_FLOWS   = 4096,
  parameter integer NUM_ENGINES = 4,
  // the engines' variant and context banks (mppe_top.v): the defaults are
  // the register-file engine; a board's small-engine configuration (issue
  // 15, hdl/boards/litefury/board.mk BOARD_SMALL_*) sets RC4_BRAM and SMALL
  // to 1 and its own bank count
  parameter integer CTX_BANKS   = 4,
  parameter integer RC4_BRAM    = 0,
  parameter integer SMALL       = 0,
  // the engine farm (hdl/mppe_farm.v) beside mppe_top (hdl/card_farm.v):
  // 0 none; 1 with FARM_LANES lanes and FARM_UNITS key-change channels,
  // FARM_UNIT_CH on each SHA-1 core (a board's BOARD_FARM_*)
  parameter integer FARM          = 0,
  parameter integer FARM_LANES    = 4,
  parameter integer FARM_UNITS    = 2,
  parameter integer FARM_UNIT_CH  = 1,
  parameter [0:0]   FARM_LANE_RC4_DUAL = 1'b0,
  parameter [0:0]   FARM_UNIT_RC4_DUAL = 1'b0,
  // the golden firmware image built into the bitstream: the $readmemh file
  // of the firmware build (build/firmware/firmware.hex); in simulation
  // +imem=FILE.hex loads it instead (mgmt_ram)
  parameter         FW_HEX      = ""
) (
  input  wire        clk_i,
  input  wire        rst_ni,
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
  output wire [3:0]  dmar_req_tag_o,     // several reads in flight (hdl/hif_top.v)
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
  output wire        srst_o,          // soft reset: the PCIe side drops DMA in flight
  output wire [31:0] farm_ops_o       // operations the farm took since reset (0 without one; cardsim reports it)
);

  localparam integer FLOW_W = 16;
  localparam [15:0]  ST_TAG = 16'hffff;      // the management core's self-test tag

  wire srst;
  wire sub_rst_n = rst_ni & ~srst;           // engine and management core

  // ---------------------------------------------------------------- host interface <-> engine
  wire              h_in_valid, h_in_ready, h_in_last;
  wire [15:0]       h_in_tag, h_in_len;
  wire [FLOW_W-1:0] h_in_flow;
  wire [3:0]        h_in_op;
  wire [63:0]       h_in_data;
  wire              h_out_ready;
  // management self-test port
  wire              s_in_valid, s_in_ready, s_in_last, s_out_ready;
  wire [15:0]       s_in_tag, s_in_flow, s_in_len;
  wire [3:0]        s_in_op;
  wire [63:0]       s_in_data;
  // engine
  wire              e_in_valid, e_in_ready, e_in_last;
  wire [15:0]       e_in_tag, e_in_len;
  wire [FLOW_W-1:0] e_in_flow;
  wire [3:0]        e_in_op;
  wire [63:0]       e_in_data;
  wire              e_out_valid, e_out_ready, e_out_last;
  wire [15:0]       e_out_tag, e_out_len;
  wire [FLOW_W-1:0] e_out_flow;
  wire [3:0]        e_out_op, e_out_status;
  wire [7:0]        e_out_flags;
  wire [11:0]       e_out_ccount;
  wire [63:0]       e_out_data;
  wire [NUM_ENGINES-1:0] e_busy;
  wire              e_ready;
  wire              e_framing_err;   // sticky: the host interface broke the stream framing (a bug)

  // Input switch: an operation, once started, finishes from the same source.
  reg  in_lock_q, in_src_q;                  // src: 0 host interface, 1 self-test
  wire in_src = in_lock_q ? in_src_q : s_in_valid;
  assign e_in_valid = in_src ? s_in_valid : h_in_valid;
  assign e_in_tag   = in_src ? s_in_tag   : h_in_tag;
  assign e_in_flow  = in_src ? s_in_flow  : h_in_flow;
  assign e_in_op    = in_src ? s_in_op    : h_in_op;
  assign e_in_len   = in_src ? s_in_len   : h_in_len;
  assign e_in_data  = in_src ? s_in_data  : h_in_data;
  assign e_in_last  = in_src ? s_in_last  : h_in_last;
  assign s_in_ready = in_src && e_in_ready;
  assign h_in_ready = !in_src && e_in_ready;
  always @(posedge clk_i or negedge sub_rst_n) begin
    if (!sub_rst_n) begin
      in_lock_q <= 1'b0;
      in_src_q  <= 1'b0;
    end else if (e_in_valid && e_in_ready) begin
      in_lock_q <= !e_in_last;
      in_src_q  <= in_src;
    end
  end

  // Output switch by tag.
  wire out_to_st = e_out_tag == ST_TAG;
  assign e_out_ready = out_to_st ? s_out_ready : h_out_ready;

  // mppe_top's side of its streams and context port: the card's own, or
  // (FARM=1) what card_farm leaves it
  wire              m_in_valid, m_in_ready, m_out_valid, m_out_ready, m_out_last;
  wire [15:0]       m_out_tag, m_out_len;
  wire [FLOW_W-1:0] m_out_flow;
  wire [3:0]        m_out_op, m_out_status;
  wire [7:0]        m_out_flags;
  wire [11:0]       m_out_ccount;
  wire [63:0]       m_out_data;
  wire              m_req_valid, m_req_ready, m_rsp_valid, m_rsp_ready;
  wire [`MPPE_CTX_RSP_W-1:0] m_rsp;

  // engine busy count for the occupancy counter
  reg [3:0] busy_count;
  integer   b;
  always @* begin
    busy_count = 4'd0;
    for (b = 0; b < NUM_ENGINES; b = b + 1)
      busy_count = busy_count + {3'd0, e_busy[b]};
  end

  // ---------------------------------------------------------------- mailbox wires
  wire              adm_sqe_valid, adm_sqe_ready, adm_cqe_valid, adm_cqe_ready;
  wire [511:0]      adm_sqe;
  wire [127:0]      adm_cqe;
  wire              dma_req_valid, dma_req_ready, dma_dir, dma_done;
  wire [63:0]       dma_host_addr;
  wire [12:0]       dma_len;
  wire              dmabuf_en, dmabuf_we;
  wire [9:0]        dmabuf_addr;
  wire [31:0]       dmabuf_wdata, dmabuf_rdata;
  wire [3:0]        dmabuf_be, dma_status;
  wire [31:0]       irq_coalesce, fw_version;
  wire              irq_coalesce_valid, card_ready, card_selftest_failed, card_fatal, datapath_enable;
  // context port (contract/mppe_ctx_bus.txt)
  wire              ctx_req_valid, ctx_req_ready, ctx_rsp_valid, ctx_rsp_ready;
  wire [`MPPE_CTX_REQ_W-1:0] ctx_req;
  wire [`MPPE_CTX_RSP_W-1:0] ctx_rsp;
  wire              sim_tohost_valid, sim_console_valid, cpu_lockup;
  wire [31:0]       mgmt_boot;
  wire [31:0]       sim_tohost;
  wire [7:0]        sim_console;

  hif_top #(.NUM_FLOWS(NUM_FLOWS), .NUM_ENGINES(NUM_ENGINES), .FLOW_W(FLOW_W),
            .HAS_ENGINE(1), .HAS_MGMT(1)) u_hif (
    .clk_i, .rst_ni,
    .reg_req_i, .reg_we_i, .reg_addr_i, .reg_wdata_i, .reg_ack_o, .reg_rdata_o,
    .dmar_req_valid_o, .dmar_req_ready_i, .dmar_req_addr_o, .dmar_req_len_o, .dmar_req_tag_o,
    .dmar_rsp_valid_i, .dmar_rsp_ready_o, .dmar_rsp_data_i, .dmar_rsp_last_i, .dmar_rsp_err_i,
    .dmar_rsp_tag_i,
    .dmaw_valid_o, .dmaw_ready_i, .dmaw_addr_o, .dmaw_len_o, .dmaw_data_o, .dmaw_last_o,
    .dmaw_rsp_valid_i, .dmaw_rsp_err_i,
    .in_valid_o(h_in_valid), .in_ready_i(h_in_ready), .in_tag_o(h_in_tag), .in_flow_o(h_in_flow),
    .in_op_o(h_in_op), .in_len_o(h_in_len), .in_data_o(h_in_data), .in_last_o(h_in_last),
    .out_valid_i(e_out_valid && !out_to_st), .out_ready_o(h_out_ready), .out_tag_i(e_out_tag),
    .out_flow_i(e_out_flow), .out_op_i(e_out_op), .out_status_i(e_out_status),
    .out_flags_i(e_out_flags), .out_ccount_i(e_out_ccount), .out_len_i(e_out_len),
    .out_data_i(e_out_data), .out_last_i(e_out_last), .eng_busy_i(busy_count),
    .adm_sqe_valid_o(adm_sqe_valid), .adm_sqe_ready_i(adm_sqe_ready), .adm_sqe_o(adm_sqe),
    .adm_cqe_valid_i(adm_cqe_valid), .adm_cqe_ready_o(adm_cqe_ready), .adm_cqe_i(adm_cqe),
    .dma_req_valid_i(dma_req_valid), .dma_req_ready_o(dma_req_ready), .dma_host_addr_i(dma_host_addr),
    .dma_len_i(dma_len), .dma_dir_i(dma_dir),
    .dmabuf_en_o(dmabuf_en), .dmabuf_we_o(dmabuf_we), .dmabuf_addr_o(dmabuf_addr),
    .dmabuf_wdata_o(dmabuf_wdata), .dmabuf_be_o(dmabuf_be), .dmabuf_rdata_i(dmabuf_rdata),
    .dma_done_o(dma_done), .dma_status_o(dma_status),
    .irq_coalesce_i(irq_coalesce), .irq_coalesce_valid_i(irq_coalesce_valid),
    .card_ready_i(card_ready), .card_selftest_failed_i(card_selftest_failed), .card_fatal_i(card_fatal || e_framing_err),
    .datapath_enable_i(datapath_enable), .mgmt_boot_i(mgmt_boot),
    .irq_o, .srst_o(srst), .quiet_o
  );
  assign srst_o = srst;

  mppe_top #(.NUM_FLOWS(NUM_FLOWS), .NUM_ENGINES(NUM_ENGINES), .TAG_W(16), .FLOW_W(FLOW_W),
             .CTX_BANKS(CTX_BANKS), .RC4_BRAM(RC4_BRAM), .SMALL(SMALL)) u_engine (
    .clk_i, .rst_ni(sub_rst_n), .ready_o(e_ready),
    .in_valid_i(m_in_valid), .in_ready_o(m_in_ready), .in_tag_i(e_in_tag), .in_flow_i(e_in_flow),
    .in_op_i(e_in_op), .in_len_i(e_in_len), .in_data_i(e_in_data), .in_last_i(e_in_last),
    .out_valid_o(m_out_valid), .out_ready_i(m_out_ready), .out_tag_o(m_out_tag), .out_flow_o(m_out_flow),
    .out_op_o(m_out_op), .out_status_o(m_out_status), .out_flags_o(m_out_flags),
    .out_ccount_o(m_out_ccount), .out_len_o(m_out_len), .out_data_o(m_out_data), .out_last_o(m_out_last),
    .ctx_req_valid_i(m_req_valid), .ctx_req_ready_o(m_req_ready), .ctx_req_i(ctx_req),
    .ctx_rsp_valid_o(m_rsp_valid), .ctx_rsp_ready_i(m_rsp_ready), .ctx_rsp_o(m_rsp),
    .engine_busy_o(e_busy), .in_framing_error_o(e_framing_err)
  );

  // operations the farm took, counted across CONTROL.RESET (srst) so that
  // a statistic read after the driver's closing reset still has them
  wire farm_op;
  reg [31:0] farm_ops_q;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)
      farm_ops_q <= 32'd0;
    else if (farm_op)
      farm_ops_q <= farm_ops_q + 32'd1;
  end
  assign farm_ops_o = farm_ops_q;

  generate
    if (FARM != 0) begin : g_farm
      card_farm #(.NUM_FLOWS(NUM_FLOWS), .FLOW_W(FLOW_W), .TAG_W(16), .LANES(FARM_LANES), .UNITS(FARM_UNITS),
                  .UNIT_CH(FARM_UNIT_CH), .LANE_RC4_DUAL(FARM_LANE_RC4_DUAL),
                  .UNIT_RC4_DUAL(FARM_UNIT_RC4_DUAL)) u_farm (
        .clk_i, .rst_ni(sub_rst_n),
        .in_valid_i(e_in_valid), .in_ready_o(e_in_ready), .in_tag_i(e_in_tag), .in_flow_i(e_in_flow),
        .in_op_i(e_in_op), .in_len_i(e_in_len), .in_data_i(e_in_data), .in_last_i(e_in_last),
        .out_valid_o(e_out_valid), .out_ready_i(e_out_ready), .out_tag_o(e_out_tag), .out_flow_o(e_out_flow),
        .out_op_o(e_out_op), .out_status_o(e_out_status), .out_flags_o(e_out_flags),
        .out_ccount_o(e_out_ccount), .out_len_o(e_out_len), .out_data_o(e_out_data), .out_last_o(e_out_last),
        .ctx_req_valid_i(ctx_req_valid), .ctx_req_ready_o(ctx_req_ready), .ctx_req_i(ctx_req),
        .ctx_rsp_valid_o(ctx_rsp_valid), .ctx_rsp_ready_i(ctx_rsp_ready), .ctx_rsp_o(ctx_rsp),
        .t_in_valid_o(m_in_valid), .t_in_ready_i(m_in_ready),
        .t_out_ready_o(m_out_ready), .t_out_valid_i(m_out_valid), .t_out_tag_i(m_out_tag),
        .t_out_flow_i(m_out_flow), .t_out_op_i(m_out_op), .t_out_status_i(m_out_status),
        .t_out_flags_i(m_out_flags), .t_out_ccount_i(m_out_ccount), .t_out_len_i(m_out_len),
        .t_out_data_i(m_out_data), .t_out_last_i(m_out_last),
        .t_ctx_req_valid_o(m_req_valid), .t_ctx_req_ready_i(m_req_ready),
        .t_ctx_rsp_valid_i(m_rsp_valid), .t_ctx_rsp_ready_o(m_rsp_ready), .t_ctx_rsp_i(m_rsp),
        .farm_op_o(farm_op)
      );
    end else begin : g_no_farm
      assign m_in_valid = e_in_valid;  assign e_in_ready = m_in_ready;
      assign e_out_valid = m_out_valid; assign m_out_ready = e_out_ready;
      assign e_out_tag = m_out_tag;     assign e_out_flow = m_out_flow;   assign e_out_op = m_out_op;
      assign e_out_status = m_out_status; assign e_out_flags = m_out_flags;
      assign e_out_ccount = m_out_ccount; assign e_out_len = m_out_len;
      assign e_out_data = m_out_data;   assign e_out_last = m_out_last;
      assign m_req_valid = ctx_req_valid; assign ctx_req_ready = m_req_ready;
      assign ctx_rsp_valid = m_rsp_valid; assign m_rsp_ready = ctx_rsp_ready; assign ctx_rsp = m_rsp;
      assign farm_op = 1'b0;
    end
  endgenerate

  wire mgmt_uart_tx;   // the card has no UART (UART_DIV = 0: the line idles high)
  mgmt_top #(.NUM_FLOWS(NUM_FLOWS), .FW_HEX(FW_HEX)) u_mgmt (
    .clk_i, .rst_ni(sub_rst_n),
    .adm_sqe_valid_i(adm_sqe_valid), .adm_sqe_ready_o(adm_sqe_ready), .adm_sqe_i(adm_sqe),
    .adm_cqe_valid_o(adm_cqe_valid), .adm_cqe_ready_i(adm_cqe_ready), .adm_cqe_o(adm_cqe),
    .dma_req_valid_o(dma_req_valid), .dma_req_ready_i(dma_req_ready), .dma_host_addr_o(dma_host_addr),
    .dma_len_o(dma_len), .dma_dir_o(dma_dir),
    .dmabuf_en_i(dmabuf_en), .dmabuf_we_i(dmabuf_we), .dmabuf_addr_i(dmabuf_addr),
    .dmabuf_wdata_i(dmabuf_wdata), .dmabuf_be_i(dmabuf_be), .dmabuf_rdata_o(dmabuf_rdata),
    .dma_done_i(dma_done), .dma_status_i(dma_status),
    .irq_coalesce_o(irq_coalesce), .irq_coalesce_valid_o(irq_coalesce_valid),
    .card_ready_o(card_ready), .card_selftest_failed_o(card_selftest_failed), .card_fatal_o(card_fatal),
    .datapath_enable_o(datapath_enable), .fw_version_o(fw_version),
    .eng_present_i(1'b1), .eng_ready_i(e_ready),
    .ctx_req_valid_o(ctx_req_valid), .ctx_req_ready_i(ctx_req_ready), .ctx_req_o(ctx_req),
    .ctx_rsp_valid_i(ctx_rsp_valid), .ctx_rsp_ready_o(ctx_rsp_ready), .ctx_rsp_i(ctx_rsp),
    .st_in_valid_o(s_in_valid), .st_in_ready_i(s_in_ready), .st_in_tag_o(s_in_tag),
    .st_in_flow_o(s_in_flow), .st_in_op_o(s_in_op), .st_in_len_o(s_in_len), .st_in_data_o(s_in_data),
    .st_in_last_o(s_in_last),
    .st_out_valid_i(e_out_valid && out_to_st), .st_out_ready_o(s_out_ready), .st_out_tag_i(e_out_tag),
    .st_out_status_i(e_out_status), .st_out_flags_i(e_out_flags), .st_out_ccount_i(e_out_ccount),
    .st_out_len_i(e_out_len), .st_out_data_i(e_out_data), .st_out_last_i(e_out_last),
    .sim_tohost_valid_o(sim_tohost_valid), .sim_tohost_o(sim_tohost),
    .sim_console_valid_o(sim_console_valid), .sim_console_o(sim_console), .cpu_lockup_o(cpu_lockup),
    .recovery_o(mgmt_boot), .uart_tx_o(mgmt_uart_tx)
  );

  // Simulation hooks of the management core are not used by the card; the
  // firmware version is reported by IDENTIFY; a lockup resets the core
  // (mgmt_sys) and is counted in CTL.MGMT_BOOT.
  wire unused = ^{sim_tohost_valid, sim_tohost, sim_console_valid, sim_console, cpu_lockup, fw_version,
                  mgmt_uart_tx};

endmodule
