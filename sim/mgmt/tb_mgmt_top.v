// Simulation top for the management core tests: mgmt_top and what sits on
// its engine side. The engine (issue 6) is not connected yet: the ENGINE
// window answers every access with a bus error, so firmware sees "no engine".
`default_nettype none

module tb_mgmt_top (
  input  wire         clk_i,
  input  wire         rst_ni,

  input  wire         adm_sqe_valid_i,
  output wire         adm_sqe_ready_o,
  input  wire [511:0] adm_sqe_i,
  output wire         adm_cqe_valid_o,
  input  wire         adm_cqe_ready_i,
  output wire [127:0] adm_cqe_o,
  output wire         dma_req_valid_o,
  input  wire         dma_req_ready_i,
  output wire [63:0]  dma_host_addr_o,
  output wire [12:0]  dma_len_o,
  output wire         dma_dir_o,
  input  wire         dmabuf_en_i,
  input  wire         dmabuf_we_i,
  input  wire [9:0]   dmabuf_addr_i,
  input  wire [31:0]  dmabuf_wdata_i,
  input  wire [3:0]   dmabuf_be_i,
  output wire [31:0]  dmabuf_rdata_o,
  input  wire         dma_done_i,
  input  wire [3:0]   dma_status_i,
  output wire [31:0]  irq_coalesce_o,
  output wire         irq_coalesce_valid_o,
  output wire         card_ready_o,
  output wire         card_selftest_failed_o,
  output wire         card_fatal_o,
  output wire         datapath_enable_o,
  output wire [31:0]  fw_version_o,
  output wire         sim_tohost_valid_o,
  output wire [31:0]  sim_tohost_o,
  output wire         sim_console_valid_o,
  output wire [7:0]   sim_console_o,
  output wire         cpu_lockup_o
);

  wire        eng_req, eng_we;
  wire [15:0] eng_addr;
  wire [31:0] eng_wdata;

  mgmt_top u_mgmt (
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
    .eng_req_o              (eng_req),
    .eng_we_o               (eng_we),
    .eng_addr_o             (eng_addr),
    .eng_wdata_o            (eng_wdata),
    .eng_ack_i              (1'b0),
    .eng_err_i              (eng_req),
    .eng_rdata_i            (32'd0),
    .sim_tohost_valid_o     (sim_tohost_valid_o),
    .sim_tohost_o           (sim_tohost_o),
    .sim_console_valid_o    (sim_console_valid_o),
    .sim_console_o          (sim_console_o),
    .cpu_lockup_o           (cpu_lockup_o)
  );

  // no engine yet
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_eng = eng_we ^ ^eng_addr ^ ^eng_wdata;
  /* verilator lint_on UNUSEDSIGNAL */

endmodule

`default_nettype wire
