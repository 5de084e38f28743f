// Simulation top for the management core tests: mgmt_top and the real MPPE
// engine (mppe_top, issue 6) on its context port and streams, so the
// firmware's self-test and flow commands run through the engine itself.
// Built with MGMT_TB_NO_ENGINE defined, the engine is left out: eng_present
// is 0 and nothing answers, and the firmware must say "engine absent" and
// time out cleanly.
`default_nettype none
`include "mppe_ctx_bus.vh"

module tb_mgmt_top #(
  parameter integer NUM_FLOWS = 256,  // small: the firmware scans every context at boot
  parameter integer REGFILE_BRAM = 0, // the core's register file in RAM (-GREGFILE_BRAM=1)
  parameter integer CPU_SMALL    = 0, // the area-first core, mgmt_cpu SMALL (-GCPU_SMALL=1)
  parameter integer IMEM_1PORT   = 0, // the golden IMEM's one port for fetch and data (-GIMEM_1PORT=1)
  parameter integer DMEM_SPRAM   = 0  // DMEM in iCE40 SPRAM cells (yosys's cell model in simulation)
) (
  input  wire         clk_i,
  input  wire         rst_ni,

`include "mgmt/mgmt_host_ports.vh"
  output wire         sim_tohost_valid_o,
  output wire [31:0]  sim_tohost_o,
  output wire         sim_console_valid_o,
  output wire [7:0]   sim_console_o,
  output wire         cpu_lockup_o,
  output wire [31:0]  recovery_o
);

  // engine side of mgmt_top
  wire         ctx_req_valid, ctx_rsp_ready;
  wire [`MPPE_CTX_REQ_W-1:0] ctx_req;
  wire         st_in_valid, st_in_last, st_out_ready;
  wire [15:0]  st_in_tag, st_in_flow, st_in_len;
  wire [3:0]   st_in_op;
  wire [63:0]  st_in_data;
  // engine outputs
  wire         eng_ready, ctx_req_ready, ctx_rsp_valid;
  wire [`MPPE_CTX_RSP_W-1:0] ctx_rsp;
  wire [11:0]  st_out_ccount;
  wire [7:0]   st_out_flags;
  wire         st_in_ready, st_out_valid, st_out_last;
  wire [15:0]  st_out_tag, st_out_len;
  wire [3:0]   st_out_status;
  wire [63:0]  st_out_data;

  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_uart_tx;
  /* verilator lint_on UNUSEDSIGNAL */
  mgmt_top #(.NUM_FLOWS(NUM_FLOWS), .REGFILE_BRAM(REGFILE_BRAM), .CPU_SMALL(CPU_SMALL), .IMEM_1PORT(IMEM_1PORT),
             .DMEM_SPRAM(DMEM_SPRAM)) u_mgmt (
    .clk_i                  (clk_i),
    .rst_ni                 (rst_ni),
    .adm_sqe_valid_i        (adm_sqe_valid_i),
    .adm_sqe_ready_o        (adm_sqe_ready_o),
    .adm_sqe_i              (adm_sqe_i),
    .adm_cqe_valid_o        (adm_cqe_valid_o),
    .adm_cqe_ready_i        (adm_cqe_ready_i),
    .adm_cqe_o              (adm_cqe_o),
    .dma_req_valid_o        (dma_req_valid_o),
    .dma_req_ready_i        (dma_req_ready_i),
    .dma_host_addr_o        (dma_host_addr_o),
    .dma_len_o              (dma_len_o),
    .dma_dir_o              (dma_dir_o),
    .dmabuf_en_i            (dmabuf_en_i),
    .dmabuf_we_i            (dmabuf_we_i),
    .dmabuf_addr_i          (dmabuf_addr_i),
    .dmabuf_wdata_i         (dmabuf_wdata_i),
    .dmabuf_be_i            (dmabuf_be_i),
    .dmabuf_rdata_o         (dmabuf_rdata_o),
    .dma_done_i             (dma_done_i),
    .dma_status_i           (dma_status_i),
    .irq_coalesce_o         (irq_coalesce_o),
    .irq_coalesce_valid_o   (irq_coalesce_valid_o),
    .card_ready_o           (card_ready_o),
    .card_selftest_failed_o (card_selftest_failed_o),
    .card_fatal_o           (card_fatal_o),
    .datapath_enable_o      (datapath_enable_o),
    .fw_version_o           (fw_version_o),
    .eng_present_i              (eng_present),
    .eng_ready_i                (eng_ready),
    .ctx_req_valid_o            (ctx_req_valid),
    .ctx_req_ready_i            (ctx_req_ready),
    .ctx_req_o                  (ctx_req),
    .ctx_rsp_valid_i            (ctx_rsp_valid),
    .ctx_rsp_ready_o            (ctx_rsp_ready),
    .ctx_rsp_i                  (ctx_rsp),
    .st_in_valid_o              (st_in_valid),
    .st_in_ready_i              (st_in_ready),
    .st_in_tag_o                (st_in_tag),
    .st_in_flow_o               (st_in_flow),
    .st_in_op_o                 (st_in_op),
    .st_in_len_o                (st_in_len),
    .st_in_data_o               (st_in_data),
    .st_in_last_o               (st_in_last),
    .st_out_valid_i             (st_out_valid),
    .st_out_ready_o             (st_out_ready),
    .st_out_tag_i               (st_out_tag),
    .st_out_status_i            (st_out_status),
    .st_out_flags_i             (st_out_flags),
    .st_out_ccount_i            (st_out_ccount),
    .st_out_len_i               (st_out_len),
    .st_out_data_i              (st_out_data),
    .st_out_last_i              (st_out_last),
    .sim_tohost_valid_o     (sim_tohost_valid_o),
    .sim_tohost_o           (sim_tohost_o),
    .sim_console_valid_o    (sim_console_valid_o),
    .sim_console_o          (sim_console_o),
    .cpu_lockup_o           (cpu_lockup_o),
    .recovery_o             (recovery_o),
    .uart_tx_o              (unused_uart_tx)   // the card has no UART (UART_DIV = 0)
  );

`ifdef MGMT_TB_NO_ENGINE
  wire eng_present = 1'b0;
  assign eng_ready = 1'b0;
  assign ctx_req_ready = 1'b0;
  assign ctx_rsp_valid = 1'b0;
  assign ctx_rsp = 0;
  assign st_in_ready = 1'b0;
  assign st_out_valid = 1'b0;
  assign {st_out_tag, st_out_status, st_out_flags, st_out_ccount, st_out_len, st_out_data,
          st_out_last} = 0;
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_eng = ctx_req_valid ^ ctx_rsp_ready ^ ^ctx_req ^ st_in_valid ^ st_in_last ^ st_out_ready ^ ^st_in_tag ^
                    ^st_in_flow ^ ^st_in_len ^ ^st_in_op ^ ^st_in_data;
  /* verilator lint_on UNUSEDSIGNAL */
`else
  // The engine, its streams given to mgmt alone (no host interface here).
  wire eng_present = 1'b1;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] unused_out_flow;
  wire [3:0]  unused_out_op;
  wire        unused_busy;
  /* verilator lint_on UNUSEDSIGNAL */

  mppe_top #(.NUM_FLOWS(NUM_FLOWS), .NUM_ENGINES(1), .TAG_W(16), .FLOW_W(16)) u_engine (
    .clk_i                      (clk_i),
    .rst_ni                     (rst_ni),
    .ready_o                    (eng_ready),
    .in_valid_i                 (st_in_valid),
    .in_ready_o                 (st_in_ready),
    .in_tag_i                   (st_in_tag),
    .in_flow_i                  (st_in_flow),
    .in_op_i                    (st_in_op),
    .in_len_i                   (st_in_len),
    .in_data_i                  (st_in_data),
    .in_last_i                  (st_in_last),
    .out_valid_o                (st_out_valid),
    .out_ready_i                (st_out_ready),
    .out_tag_o                  (st_out_tag),
    .out_flow_o                 (unused_out_flow),
    .out_op_o                   (unused_out_op),
    .out_status_o               (st_out_status),
    .out_flags_o                (st_out_flags),
    .out_ccount_o               (st_out_ccount),
    .out_len_o                  (st_out_len),
    .out_data_o                 (st_out_data),
    .out_last_o                 (st_out_last),
    .ctx_req_valid_i            (ctx_req_valid),
    .ctx_req_ready_o            (ctx_req_ready),
    .ctx_req_i                  (ctx_req),
    .ctx_rsp_valid_o            (ctx_rsp_valid),
    .ctx_rsp_ready_i            (ctx_rsp_ready),
    .ctx_rsp_o                  (ctx_rsp),
    .engine_busy_o              (unused_busy)
  );
`endif

endmodule

`default_nettype wire
