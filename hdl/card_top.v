// The MPPE offload card as the PCIe side sees it: the host interface, the
// MPPE engine (issue 6) and the management core (issue 8), one clock.
//
// Status: the engine and the management core are not in the tree yet, so
// this top holds the host interface alone, built with HAS_ENGINE = 0 and
// HAS_MGMT = 0. The card says so in CAP.FEATURES: data operations complete
// with CARD_NO_ENGINE and admin commands with ADM_NOT_READY. The engine's
// streams and the mailbox are wired to the host interface's ports named in
// docs/engine-streams.md and docs/admin-mailbox.md, ready for the modules.
`default_nettype none
`include "card_if.vh"

module card_top #(
  parameter integer NUM_FLOWS   = 4096,
  parameter integer NUM_ENGINES = 4
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
  input  wire        dmar_rsp_valid_i,
  output wire        dmar_rsp_ready_o,
  input  wire [63:0] dmar_rsp_data_i,
  input  wire        dmar_rsp_last_i,
  input  wire        dmar_rsp_err_i,
  output wire        dmaw_valid_o,
  input  wire        dmaw_ready_i,
  output wire [63:0] dmaw_addr_o,
  output wire [15:0] dmaw_len_o,
  output wire [63:0] dmaw_data_o,
  output wire        dmaw_last_o,
  input  wire        dmaw_rsp_valid_i,
  input  wire        dmaw_rsp_err_i,
  output wire [`CARD_NUM_QUEUES-1:0] irq_o,
  output wire        quiet_o
);

  localparam integer FLOW_W = 16;

  // engine streams
  wire              in_valid, in_last;
  wire [15:0]       in_tag, in_len;
  wire [FLOW_W-1:0] in_flow;
  wire [3:0]        in_op;
  wire [63:0]       in_data;
  wire              out_ready;
  // mailbox
  wire              adm_sqe_valid, adm_cqe_ready, dma_req_ready, dma_done;
  wire [511:0]      adm_sqe;
  wire              dmabuf_en, dmabuf_we;
  wire [9:0]        dmabuf_addr;
  wire [31:0]       dmabuf_wdata;
  wire [3:0]        dmabuf_be, dma_status;
  wire              srst;

  hif_top #(.NUM_FLOWS(NUM_FLOWS), .NUM_ENGINES(NUM_ENGINES), .FLOW_W(FLOW_W),
            .HAS_ENGINE(0), .HAS_MGMT(0)) u_hif (
    .clk_i, .rst_ni,
    .reg_req_i, .reg_we_i, .reg_addr_i, .reg_wdata_i, .reg_ack_o, .reg_rdata_o,
    .dmar_req_valid_o, .dmar_req_ready_i, .dmar_req_addr_o, .dmar_req_len_o,
    .dmar_rsp_valid_i, .dmar_rsp_ready_o, .dmar_rsp_data_i, .dmar_rsp_last_i, .dmar_rsp_err_i,
    .dmaw_valid_o, .dmaw_ready_i, .dmaw_addr_o, .dmaw_len_o, .dmaw_data_o, .dmaw_last_o,
    .dmaw_rsp_valid_i, .dmaw_rsp_err_i,
    .in_valid_o(in_valid), .in_ready_i(1'b0), .in_tag_o(in_tag), .in_flow_o(in_flow),
    .in_op_o(in_op), .in_len_o(in_len), .in_data_o(in_data), .in_last_o(in_last),
    .out_valid_i(1'b0), .out_ready_o(out_ready), .out_tag_i(16'd0), .out_flow_i({FLOW_W{1'b0}}),
    .out_op_i(4'd0), .out_status_i(4'd0), .out_flags_i(8'd0), .out_ccount_i(12'd0),
    .out_len_i(16'd0), .out_data_i(64'd0), .out_last_i(1'b0), .eng_busy_i(4'd0),
    .adm_sqe_valid_o(adm_sqe_valid), .adm_sqe_ready_i(1'b0), .adm_sqe_o(adm_sqe),
    .adm_cqe_valid_i(1'b0), .adm_cqe_ready_o(adm_cqe_ready), .adm_cqe_i(128'd0),
    .dma_req_valid_i(1'b0), .dma_req_ready_o(dma_req_ready), .dma_host_addr_i(64'd0),
    .dma_len_i(13'd0), .dma_dir_i(1'b0),
    .dmabuf_en_o(dmabuf_en), .dmabuf_we_o(dmabuf_we), .dmabuf_addr_o(dmabuf_addr),
    .dmabuf_wdata_o(dmabuf_wdata), .dmabuf_be_o(dmabuf_be), .dmabuf_rdata_i(32'd0),
    .dma_done_o(dma_done), .dma_status_o(dma_status),
    .irq_coalesce_i(32'd0), .irq_coalesce_valid_i(1'b0),
    .card_ready_i(1'b1), .card_selftest_failed_i(1'b0), .card_fatal_i(1'b0),
    .datapath_enable_i(1'b1),
    .irq_o, .srst_o(srst), .quiet_o
  );

  // Outputs that go to the engine and the management core once they are here.
  wire unused = ^{in_valid, in_last, in_tag, in_len, in_flow, in_op, in_data, out_ready,
                  adm_sqe_valid, adm_cqe_ready, dma_req_ready, dma_done, adm_sqe,
                  dmabuf_en, dmabuf_we, dmabuf_addr, dmabuf_wdata, dmabuf_be, dma_status, srst};

endmodule
