// The management subsystem's host-interface side (ANSI port declarations):
// the admin mailbox, the DMA window, interrupt coalescing and the card's
// status, written once for hdl/mgmt/mgmt_top.v and its simulation top
// sim/mgmt/tb_mgmt_top.v, which passes them through; included inside each
// module's port list.
  // admin mailbox (docs/admin-mailbox.md section 1.1)
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

  // card status
  output wire         card_ready_o,
  output wire         card_selftest_failed_o,
  output wire         card_fatal_o,
  output wire         datapath_enable_o,
  output wire [31:0]  fw_version_o,
