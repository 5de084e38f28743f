// The card's host interface: BAR0 registers and doorbells, NVMe-style queue
// pairs in host memory, the DMA engine's two internal ports, the engine
// streams, the admin mailbox to the management core, and the interrupts.
//
//   reg_*      BAR0 accesses (the PCIe side terminates TLPs into these)
//   dmar_*     DMA read port: request {addr, len, tag}; response beats of 8
//              octets with the request's tag, octet k of the transfer in
//              data[8*(k%8) +: 8] of beat k/8, the last beat flagged; an
//              unmapped range answers with a single beat with err set (and
//              last), before any data. Several requests may be in flight
//              (distinct tags: 0..NS-1 the fetch unit's slots, 8 the admin
//              DMA window); each is answered as one unbroken run of beats,
//              but different tags in any order.
//   dmaw_*     DMA write port: beats of 8 octets carrying {addr, len} of their
//              burst; one response {err} per burst after its last beat
//   in_*/out_* the engine streams (docs/engine-streams.md)
//   adm_*, dma_*, dmabuf_*  the admin mailbox (docs/admin-mailbox.md)
//   irq_o      one pulse per interrupt message, bit n = vector n
//   srst_o     soft reset (CONTROL.RESET) for the engine and management core
`default_nettype none
`include "card_if.vh"

module hif_top #(
  parameter integer NQ          = `CARD_NUM_QUEUES,
  parameter integer NT          = 32,
  parameter integer TW          = 5,
  parameter integer NUM_FLOWS   = 4096,
  parameter integer NUM_ENGINES = 4,
  parameter integer FLOW_W      = 16,
  parameter integer HAS_ENGINE  = 1,
  parameter integer HAS_MGMT    = 1,
  parameter integer NS          = 8,     // fetch slots: data-path DMA reads in flight (2, 4 or 8)
  parameter integer SW          = 3      // log2(NS)
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  // BAR0
  input  wire              reg_req_i,
  input  wire              reg_we_i,
  input  wire [12:0]       reg_addr_i,
  input  wire [31:0]       reg_wdata_i,
  output wire              reg_ack_o,
  output wire [31:0]       reg_rdata_o,
  // DMA read port
  output wire              dmar_req_valid_o,
  input  wire              dmar_req_ready_i,
  output wire [63:0]       dmar_req_addr_o,
  output wire [15:0]       dmar_req_len_o,
  output wire [3:0]        dmar_req_tag_o,
  input  wire              dmar_rsp_valid_i,
  output wire              dmar_rsp_ready_o,
  input  wire [63:0]       dmar_rsp_data_i,
  input  wire              dmar_rsp_last_i,
  input  wire              dmar_rsp_err_i,
  input  wire [3:0]        dmar_rsp_tag_i,
  // DMA write port
  output wire              dmaw_valid_o,
  input  wire              dmaw_ready_i,
  output wire [63:0]       dmaw_addr_o,
  output wire [15:0]       dmaw_len_o,
  output wire [63:0]       dmaw_data_o,
  output wire              dmaw_last_o,
  input  wire              dmaw_rsp_valid_i,
  input  wire              dmaw_rsp_err_i,
  // engine input stream
  output wire              in_valid_o,
  input  wire              in_ready_i,
  output wire [15:0]       in_tag_o,
  output wire [FLOW_W-1:0] in_flow_o,
  output wire [3:0]        in_op_o,
  output wire [15:0]       in_len_o,
  output wire [63:0]       in_data_o,
  output wire              in_last_o,
  // engine output stream
  input  wire              out_valid_i,
  output wire              out_ready_o,
  input  wire [15:0]       out_tag_i,
  input  wire [FLOW_W-1:0] out_flow_i,
  input  wire [3:0]        out_op_i,
  input  wire [3:0]        out_status_i,
  input  wire [7:0]        out_flags_i,
  input  wire [11:0]       out_ccount_i,
  input  wire [15:0]       out_len_i,
  input  wire [63:0]       out_data_i,
  input  wire              out_last_i,
  input  wire [3:0]        eng_busy_i,      // engines busy this clock
  // admin mailbox
  output wire              adm_sqe_valid_o,
  input  wire              adm_sqe_ready_i,
  output wire [511:0]      adm_sqe_o,
  input  wire              adm_cqe_valid_i,
  output wire              adm_cqe_ready_o,
  input  wire [127:0]      adm_cqe_i,
  input  wire              dma_req_valid_i,
  output wire              dma_req_ready_o,
  input  wire [63:0]       dma_host_addr_i,
  input  wire [12:0]       dma_len_i,
  input  wire              dma_dir_i,
  output wire              dmabuf_en_o,
  output wire              dmabuf_we_o,
  output wire [9:0]        dmabuf_addr_o,
  output wire [31:0]       dmabuf_wdata_o,
  output wire [3:0]        dmabuf_be_o,
  input  wire [31:0]       dmabuf_rdata_i,
  output wire              dma_done_o,
  output wire [3:0]        dma_status_o,
  input  wire [31:0]       irq_coalesce_i,
  input  wire              irq_coalesce_valid_i,
  input  wire              card_ready_i,
  input  wire              card_selftest_failed_i,
  input  wire              card_fatal_i,
  input  wire              datapath_enable_i,
  input  wire [31:0]       mgmt_boot_i,     // CTL.MGMT_BOOT (mgmt_sys RECOVERY)
  // interrupts and reset
  output wire [NQ-1:0]     irq_o,
  output wire              srst_o,
  output wire              quiet_o          // nothing in flight and no timer running
);

  wire              enable;
  wire [NQ-1:0]     q_en, q_init, irq_en, q_stop_f, q_stop_c;
  wire [NQ*64-1:0]  sq_base, cq_base;
  wire [NQ*4-1:0]   sq_log2, cq_log2;
  wire [NQ*16-1:0]  sq_tail, cq_head, sq_head, sq_issue, cq_tail, irq_time, irq_tick;
  wire [NQ*8-1:0]   irq_count;
  wire              err_sq, err_cq;
  wire [3:0]        err_q_f, err_q_c;
  wire [63:0]       err_addr_f, err_addr_c;
  wire              cnt_op, cnt_err, cnt_irq, cpl;
  wire [3:0]        cpl_q;
  wire [15:0]       bytes_in, bytes_out;
  wire              fetch_idle, cpl_idle, tags_idle, irq_timing;

  wire datapath_ok = (HAS_MGMT == 0) ||
                     (card_ready_i && datapath_enable_i && !card_fatal_i && !card_selftest_failed_i);

  hif_regs #(.NQ(NQ), .NUM_FLOWS(NUM_FLOWS), .NUM_ENGINES(NUM_ENGINES),
             .HAS_ENGINE(HAS_ENGINE), .HAS_MGMT(HAS_MGMT), .DMA_READS(NS)) u_regs (
    .clk_i, .rst_ni,
    .reg_req_i, .reg_we_i, .reg_addr_i, .reg_wdata_i, .reg_ack_o, .reg_rdata_o,
    .srst_o, .enable_o(enable),
    .q_en_o(q_en), .q_init_o(q_init), .sq_base_o(sq_base), .cq_base_o(cq_base),
    .sq_log2_o(sq_log2), .cq_log2_o(cq_log2), .sq_tail_o(sq_tail), .cq_head_o(cq_head),
    .irq_en_o(irq_en), .irq_count_o(irq_count), .irq_time_o(irq_time), .irq_tick_o(irq_tick),
    .sq_head_i(sq_head), .cq_tail_i(cq_tail),
    .q_stop_i(q_stop_f | q_stop_c),
    .err_set_i({2'b00, err_cq, err_sq, 1'b0}),
    .err_q_i(err_sq ? err_q_f : err_q_c),
    .err_addr_i(err_sq ? err_addr_f : err_addr_c),
    .card_ready_i, .card_fatal_i, .selftest_failed_i(card_selftest_failed_i), .mgmt_boot_i,
    .idle_i(fetch_idle && cpl_idle && tags_idle),
    .irq_coalesce_valid_i, .irq_coalesce_i,
    .cnt_op_i(cnt_op), .cnt_err_i(cnt_err), .cnt_irq_i(cnt_irq),
    .cnt_bytes_in_i(bytes_in), .cnt_bytes_out_i(bytes_out), .eng_busy_i
  );

  // ---------------------------------------------------------------- DMA port sharing
  // Read port: the fetch unit (tags 0..NS-1, several reads in flight) and
  // the admin DMA window (tag 8, one read at a time); a request from the
  // admin window goes first (it is rare and short), answers go by tag.
  // Write port: the completion unit and the admin DMA window, one burst at
  // a time (first beat to response).
  localparam [3:0] ADM_TAG = 4'd8;
  wire        f_rd_req_valid, f_rd_rsp_ready;
  wire [63:0] f_rd_req_addr;
  wire [15:0] f_rd_req_len;
  wire [SW-1:0] f_rd_req_tag;
  wire [NS-1:0] f_rd_busy;
  wire        a_rd_req_valid, a_rd_rsp_ready;
  wire [63:0] a_rd_req_addr;
  wire [15:0] a_rd_req_len;
  wire        c_wr_valid, c_wr_last, a_wr_valid, a_wr_last;
  wire [63:0] c_wr_addr, c_wr_data, a_wr_addr, a_wr_data;
  wire [15:0] c_wr_len, a_wr_len;

  reg  a_rd_out_q;  // the admin window's read is in flight
  reg  wr_busy_q, wr_own_q;
  wire rd_adm = a_rd_req_valid && !a_rd_out_q;
  wire wr_own = wr_busy_q ? wr_own_q : !c_wr_valid && a_wr_valid;

  assign dmar_req_valid_o = rd_adm || f_rd_req_valid;
  assign dmar_req_addr_o  = rd_adm ? a_rd_req_addr : f_rd_req_addr;
  assign dmar_req_len_o   = rd_adm ? a_rd_req_len : f_rd_req_len;
  assign dmar_req_tag_o   = rd_adm ? ADM_TAG : {{(4-SW){1'b0}}, f_rd_req_tag};
  wire rsp_adm = dmar_rsp_tag_i[3];
  assign dmar_rsp_ready_o = rsp_adm ? a_rd_rsp_ready : f_rd_rsp_ready;
  wire f_rd_req_ready = !rd_adm && dmar_req_ready_i;
  wire a_rd_req_ready =  rd_adm && dmar_req_ready_i;
  wire f_rd_rsp_valid = !rsp_adm && dmar_rsp_valid_i;
  wire a_rd_rsp_valid =  rsp_adm && dmar_rsp_valid_i;
  wire rd_rsp_end = dmar_rsp_valid_i && dmar_rsp_ready_o && (dmar_rsp_last_i || dmar_rsp_err_i);

  assign dmaw_valid_o = wr_own ? a_wr_valid : c_wr_valid;
  assign dmaw_addr_o  = wr_own ? a_wr_addr : c_wr_addr;
  assign dmaw_len_o   = wr_own ? a_wr_len : c_wr_len;
  assign dmaw_data_o  = wr_own ? a_wr_data : c_wr_data;
  assign dmaw_last_o  = wr_own ? a_wr_last : c_wr_last;
  wire c_wr_ready = !wr_own && dmaw_ready_i;
  wire a_wr_ready =  wr_own && dmaw_ready_i;
  wire c_wr_rsp   = wr_busy_q && !wr_own_q && dmaw_rsp_valid_i;
  wire a_wr_rsp   = wr_busy_q &&  wr_own_q && dmaw_rsp_valid_i;

  // (next state in the clocked block, docs/rtl-style.md: these read the
  // card's inputs, which would make an always @* of them run twice a clock
  // in the simulation)
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_rd_out_q <= 1'b0; wr_busy_q <= 1'b0; wr_own_q <= 1'b0;
    end else if (srst_o) begin
      a_rd_out_q <= 1'b0; wr_busy_q <= 1'b0; wr_own_q <= 1'b0;
    end else begin
      if (a_rd_req_valid && a_rd_req_ready)
        a_rd_out_q <= 1'b1;
      else if (rd_rsp_end && rsp_adm)
        a_rd_out_q <= 1'b0;
      if (wr_busy_q) begin
        if (dmaw_rsp_valid_i) wr_busy_q <= 1'b0;
      end else if (dmaw_valid_o && dmaw_ready_i) begin
        wr_busy_q <= 1'b1;
        wr_own_q  <= wr_own;
      end
    end
  end

  // ---------------------------------------------------------------- units
  wire          lc_valid, lc_ready;
  wire [3:0]    lc_q;
  wire [15:0]   lc_cid;
  wire [7:0]    lc_op;
  wire [14:0]   lc_status;
  wire [TW-1:0] tag_rd, tag_free_idx;
  wire [3:0]    tag_q;
  wire [15:0]   tag_cid, tag_cap;
  wire [63:0]   tag_dst;
  wire          tag_poison, tag_stale, lc_stale, tag_free;

  hif_fetch #(.NQ(NQ), .NT(NT), .TW(TW), .NS(NS), .SW(SW), .NUM_FLOWS(NUM_FLOWS), .FLOW_W(FLOW_W),
              .HAS_ENGINE(HAS_ENGINE), .HAS_MGMT(HAS_MGMT)) u_fetch (
    .clk_i, .rst_ni, .srst_i(srst_o), .enable_i(enable), .datapath_ok_i(datapath_ok),
    .q_en_i(q_en), .q_init_i(q_init), .sq_base_i(sq_base), .sq_log2_i(sq_log2),
    .cq_log2_i(cq_log2), .sq_tail_i(sq_tail), .cq_head_i(cq_head), .sq_head_o(sq_head),
    .sq_issue_o(sq_issue),
    .q_stop_o(q_stop_f), .err_sq_dma_o(err_sq), .err_q_o(err_q_f), .err_addr_o(err_addr_f),
    .rd_req_valid_o(f_rd_req_valid), .rd_req_ready_i(f_rd_req_ready),
    .rd_req_addr_o(f_rd_req_addr), .rd_req_len_o(f_rd_req_len), .rd_req_tag_o(f_rd_req_tag),
    .rd_rsp_valid_i(f_rd_rsp_valid), .rd_rsp_ready_o(f_rd_rsp_ready),
    .rd_rsp_data_i(dmar_rsp_data_i), .rd_rsp_last_i(dmar_rsp_last_i), .rd_rsp_err_i(dmar_rsp_err_i),
    .rd_rsp_tag_i(dmar_rsp_tag_i[SW-1:0]),
    .in_valid_o, .in_ready_i, .in_tag_o, .in_flow_o, .in_op_o, .in_len_o, .in_data_o, .in_last_o,
    .lc_valid_o(lc_valid), .lc_ready_i(lc_ready), .lc_q_o(lc_q), .lc_cid_o(lc_cid),
    .lc_op_o(lc_op), .lc_status_o(lc_status),
    .adm_sqe_valid_o, .adm_sqe_ready_i, .adm_sqe_o,
    .tag_rd_i(tag_rd), .tag_q_o(tag_q), .tag_cid_o(tag_cid), .tag_dst_o(tag_dst),
    .tag_cap_o(tag_cap), .tag_poison_o(tag_poison), .tag_stale_o(tag_stale), .lc_stale_o(lc_stale),
    .tag_free_i(tag_free),
    .tag_free_idx_i(tag_free_idx), .tags_idle_o(tags_idle), .bytes_in_o(bytes_in),
    .rd_busy_o(f_rd_busy), .idle_o(fetch_idle)
  );

  hif_cpl #(.NQ(NQ), .TW(TW), .FLOW_W(FLOW_W)) u_cpl (
    .clk_i, .rst_ni, .srst_i(srst_o),
    .q_en_i(q_en), .q_init_i(q_init), .cq_base_i(cq_base), .cq_log2_i(cq_log2),
    .sq_head_i(sq_head), .cq_tail_o(cq_tail),
    .q_stop_o(q_stop_c), .err_cq_dma_o(err_cq), .err_q_o(err_q_c), .err_addr_o(err_addr_c),
    .out_valid_i, .out_ready_o, .out_tag_i, .out_flow_i, .out_op_i, .out_status_i,
    .out_flags_i, .out_ccount_i, .out_len_i, .out_data_i, .out_last_i,
    .lc_valid_i(lc_valid), .lc_ready_o(lc_ready), .lc_q_i(lc_q), .lc_cid_i(lc_cid),
    .lc_op_i(lc_op), .lc_status_i(lc_status), .lc_stale_i(lc_stale),
    .adm_cqe_valid_i, .adm_cqe_ready_o, .adm_cqe_i,
    .tag_rd_o(tag_rd), .tag_q_i(tag_q), .tag_cid_i(tag_cid), .tag_dst_i(tag_dst),
    .tag_cap_i(tag_cap), .tag_poison_i(tag_poison), .tag_stale_i(tag_stale), .tag_free_o(tag_free),
    .tag_free_idx_o(tag_free_idx),
    .wr_valid_o(c_wr_valid), .wr_ready_i(c_wr_ready), .wr_addr_o(c_wr_addr),
    .wr_len_o(c_wr_len), .wr_data_o(c_wr_data), .wr_last_o(c_wr_last),
    .wr_rsp_valid_i(c_wr_rsp), .wr_rsp_err_i(dmaw_rsp_err_i),
    .cpl_o(cpl), .cpl_q_o(cpl_q), .cnt_op_o(cnt_op), .cnt_err_o(cnt_err),
    .bytes_out_o(bytes_out), .idle_o(cpl_idle)
  );

  hif_admdma u_admdma (
    .clk_i, .rst_ni, .srst_i(srst_o),
    .req_valid_i(dma_req_valid_i), .req_ready_o(dma_req_ready_o), .req_addr_i(dma_host_addr_i),
    .req_len_i(dma_len_i), .req_dir_i(dma_dir_i),
    .buf_en_o(dmabuf_en_o), .buf_we_o(dmabuf_we_o), .buf_addr_o(dmabuf_addr_o),
    .buf_wdata_o(dmabuf_wdata_o), .buf_be_o(dmabuf_be_o), .buf_rdata_i(dmabuf_rdata_i),
    .done_o(dma_done_o), .status_o(dma_status_o),
    .rd_req_valid_o(a_rd_req_valid), .rd_req_ready_i(a_rd_req_ready),
    .rd_req_addr_o(a_rd_req_addr), .rd_req_len_o(a_rd_req_len),
    .rd_rsp_valid_i(a_rd_rsp_valid), .rd_rsp_ready_o(a_rd_rsp_ready),
    .rd_rsp_data_i(dmar_rsp_data_i), .rd_rsp_last_i(dmar_rsp_last_i), .rd_rsp_err_i(dmar_rsp_err_i),
    .wr_valid_o(a_wr_valid), .wr_ready_i(a_wr_ready), .wr_addr_o(a_wr_addr), .wr_len_o(a_wr_len),
    .wr_data_o(a_wr_data), .wr_last_o(a_wr_last),
    .wr_rsp_valid_i(a_wr_rsp), .wr_rsp_err_i(dmaw_rsp_err_i)
  );

  hif_irq #(.NQ(NQ)) u_irq (
    .clk_i, .rst_ni, .srst_i(srst_o), .q_en_i(q_en), .irq_en_i(irq_en),
    .irq_count_i(irq_count), .irq_time_i(irq_time), .irq_tick_i(irq_tick),
    .cpl_i(cpl), .cpl_q_i(cpl_q), .irq_o, .cnt_irq_o(cnt_irq), .timing_o(irq_timing)
  );

  // The management core works between an admin entry handed over and its
  // completion, and while it brings the card up (self-test).
  reg adm_busy_q;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)     adm_busy_q <= 1'b0;
    else if (srst_o) adm_busy_q <= 1'b0;
    else if (adm_sqe_valid_o && adm_sqe_ready_i) adm_busy_q <= 1'b1;
    else if (adm_cqe_valid_i && adm_cqe_ready_o) adm_busy_q <= 1'b0;
  end
`ifndef MPPE_ASSERT
  wire unused_a = ^{sq_issue, f_rd_busy};   // for the invariant checks below
`endif
  wire mgmt_settled = (HAS_MGMT == 0) || card_ready_i || card_selftest_failed_i || card_fatal_i;

  assign quiet_o = fetch_idle && cpl_idle && tags_idle && !irq_timing && !a_rd_out_q && !wr_busy_q &&
                   !srst_o && !adm_busy_q && !adm_sqe_valid_o && !dma_req_valid_i && mgmt_settled;

`ifdef MPPE_ASSERT
  // Queue-pointer invariants of every enabled queue (docs/rtl-verification.md),
  // checked by Verilator --assert in the card tests (cardsim) from the first
  // reset on. All indices are free-running 16-bit counts since the queue's
  // enable; the clock after an enable (q_init) the units are still resetting
  // theirs, so it is skipped.
  //   host's SQ tail - card's SQ head <= SQ size (the card never reads past the tail)
  //   card's SQ head - host's CQ head <= CQ size (every fetched entry has a CQ slot)
  //   card's CQ tail - host's CQ head <= card's SQ head - host's CQ head
  //       (one completion per fetched entry, never one more: no CQ overwrite)
  reg a_armed_q = 1'b0;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) a_armed_q <= 1'b1;
  genvar aq;
  for (aq = 0; aq < NQ; aq = aq + 1) begin : g_assert_q
    wire [15:0] a_sq_out  = sq_tail[aq*16 +: 16] - sq_head[aq*16 +: 16];
    wire [15:0] a_fetched = sq_head[aq*16 +: 16] - cq_head[aq*16 +: 16];
    wire [15:0] a_cq_used = cq_tail[aq*16 +: 16] - cq_head[aq*16 +: 16];
    // the fetch unit's issue index runs ahead of the head, never past the
    // tail, and never by more entries than it has slots
    wire [15:0] a_issue_out = sq_tail[aq*16 +: 16] - sq_issue[aq*16 +: 16];
    wire [15:0] a_ahead     = sq_issue[aq*16 +: 16] - sq_head[aq*16 +: 16];
    wire [15:0] a_issued    = sq_issue[aq*16 +: 16] - cq_head[aq*16 +: 16];
    always @(posedge clk_i)
      if (a_armed_q && q_en[aq] && !q_init[aq]) begin
        assert (a_sq_out <= (16'd1 << sq_log2[aq*4 +: 4]));
        assert (a_fetched <= (16'd1 << cq_log2[aq*4 +: 4]));
        assert (a_cq_used <= a_fetched);
        assert (a_issue_out <= (16'd1 << sq_log2[aq*4 +: 4]));
        assert (a_ahead <= NS[15:0]);
        assert (a_issued <= (16'd1 << cq_log2[aq*4 +: 4]));
      end
  end

  // Read-tag bookkeeping, from the port alone: a tag is in flight from its
  // request to the last (or error) beat of its answer. No tag is issued
  // again while in flight, no answer comes for a tag not in flight, the
  // fetch unit holds a slot for every one of its tags in flight, and an
  // answer, once begun, is not interrupted by another tag's beats.
  reg  [8:0] a_tags_q;       // bit 8: the admin tag
  reg        a_in_rsp_q;     // inside an answer (a beat taken, no last yet)
  reg  [3:0] a_rsp_tag_q;
  wire [8:0] a_req_bit = 9'd1 << (dmar_req_tag_o[3] ? 4'd8 : dmar_req_tag_o);
  wire [8:0] a_rsp_bit = 9'd1 << (dmar_rsp_tag_i[3] ? 4'd8 : dmar_rsp_tag_i);
  wire       a_req_go  = dmar_req_valid_o && dmar_req_ready_i;
  wire       a_rsp_go  = dmar_rsp_valid_i && dmar_rsp_ready_o;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_tags_q <= 9'd0; a_in_rsp_q <= 1'b0; a_rsp_tag_q <= 4'd0;
    end else if (srst_o) begin
      a_tags_q <= 9'd0; a_in_rsp_q <= 1'b0;
    end else begin
      a_tags_q <= (a_tags_q | (a_req_go ? a_req_bit : 9'd0)) & ~(rd_rsp_end ? a_rsp_bit : 9'd0);
      if (a_rsp_go) begin
        a_in_rsp_q  <= !(dmar_rsp_last_i || dmar_rsp_err_i);
        a_rsp_tag_q <= dmar_rsp_tag_i;
      end
    end
  end
  always @(posedge clk_i)
    if (a_armed_q && !srst_o) begin
      if (a_req_go) assert ((a_tags_q & a_req_bit) == 9'd0);
      if (a_rsp_go) assert ((a_tags_q & a_rsp_bit) != 9'd0);
      if (a_rsp_go && a_in_rsp_q) assert (dmar_rsp_tag_i == a_rsp_tag_q);
      if (a_req_go) assert (dmar_req_tag_o == ADM_TAG || {28'd0, dmar_req_tag_o} < NS);
      assert ((a_tags_q[NS-1:0] & ~f_rd_busy) == {NS{1'b0}});
      assert (a_tags_q[8] == a_rd_out_q);
    end
`endif

endmodule
