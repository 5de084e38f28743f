// Simulation top for the management core tests: mgmt_top and what sits on
// its engine side. The engine (issue 6, mppe_top) is not connected yet:
// eng_present is 0, the context port and the streams never answer, so the
// firmware must report "engine absent" and time out cleanly.
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

  // engine side of mgmt_top
  wire         ctx_req_valid, ctx_rsp_ready, ctx_req_dir, ctx_req_stateful;
  wire [1:0]   ctx_req_cmd;
  wire [15:0]  ctx_req_flow, ctx_req_max_rekeys;
  wire [7:0]   ctx_req_key_bits;
  wire [127:0] ctx_req_start_key;
  wire [11:0]  ctx_req_first_ccount;
  wire         st_in_valid, st_in_last, st_out_ready;
  wire [15:0]  st_in_tag, st_in_flow, st_in_len;
  wire [3:0]   st_in_op;
  wire [63:0]  st_in_data;

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
    .eng_present_i              (1'b0),
    .eng_ready_i                (1'b0),
    .ctx_req_valid_o            (ctx_req_valid),
    .ctx_req_ready_i            (1'b0),
    .ctx_req_cmd_o              (ctx_req_cmd),
    .ctx_req_flow_o             (ctx_req_flow),
    .ctx_req_dir_o              (ctx_req_dir),
    .ctx_req_stateful_o         (ctx_req_stateful),
    .ctx_req_key_bits_o         (ctx_req_key_bits),
    .ctx_req_start_key_o        (ctx_req_start_key),
    .ctx_req_first_ccount_o     (ctx_req_first_ccount),
    .ctx_req_max_rekeys_o       (ctx_req_max_rekeys),
    .ctx_rsp_valid_i            (1'b0),
    .ctx_rsp_ready_o            (ctx_rsp_ready),
    .ctx_rsp_status_i           (4'd0),
    .ctx_rsp_packets_i          (64'd0),
    .ctx_rsp_bytes_i            (64'd0),
    .ctx_rsp_key_changes_i      (64'd0),
    .ctx_rsp_ccp_resets_i       (32'd0),
    .ctx_rsp_rx_dropped_i       (32'd0),
    .ctx_rsp_rx_out_of_order_i  (32'd0),
    .ctx_rsp_rx_missed_i        (32'd0),
    .ctx_rsp_rx_rekey_limited_i (32'd0),
    .ctx_rsp_rx_implausible_i   (32'd0),
    .ctx_rsp_sanity_errors_i    (32'd0),
    .ctx_rsp_sanity_score_i     (32'd0),
    .ctx_rsp_next_ccount_i      (12'd0),
    .ctx_rsp_discarding_i       (1'b0),
    .ctx_rsp_key_bits_i         (8'd0),
    .ctx_rsp_stateful_i         (1'b0),
    .ctx_rsp_dir_i              (1'b0),
    .st_in_valid_o              (st_in_valid),
    .st_in_ready_i              (1'b0),
    .st_in_tag_o                (st_in_tag),
    .st_in_flow_o               (st_in_flow),
    .st_in_op_o                 (st_in_op),
    .st_in_len_o                (st_in_len),
    .st_in_data_o               (st_in_data),
    .st_in_last_o               (st_in_last),
    .st_out_valid_i             (1'b0),
    .st_out_ready_o             (st_out_ready),
    .st_out_tag_i               (16'd0),
    .st_out_status_i            (4'd0),
    .st_out_flags_i             (8'd0),
    .st_out_ccount_i            (12'd0),
    .st_out_len_i               (16'd0),
    .st_out_data_i              (64'd0),
    .st_out_last_i              (1'b0),
    .sim_tohost_valid_o     (sim_tohost_valid_o),
    .sim_tohost_o           (sim_tohost_o),
    .sim_console_valid_o    (sim_console_valid_o),
    .sim_console_o          (sim_console_o),
    .cpu_lockup_o           (cpu_lockup_o)
  );

  // no engine yet: its inputs are unused
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_eng = ctx_req_valid ^ ctx_rsp_ready ^ ctx_req_dir ^ ctx_req_stateful ^ ^ctx_req_cmd ^
                    ^ctx_req_flow ^ ^ctx_req_max_rekeys ^ ^ctx_req_key_bits ^ ^ctx_req_start_key ^
                    ^ctx_req_first_ccount ^ st_in_valid ^ st_in_last ^ st_out_ready ^ ^st_in_tag ^
                    ^st_in_flow ^ ^st_in_len ^ ^st_in_op ^ ^st_in_data;
  /* verilator lint_on UNUSEDSIGNAL */

endmodule

`default_nettype wire
