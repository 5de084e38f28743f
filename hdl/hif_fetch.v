// Host interface: the fetch unit.
//
// Keeps up to NS DMA reads in flight so that the engines do not wait for
// host memory (a read takes ~1 us over PCIe, docs/cardsim.md). Each of its
// NS slots holds one submission entry on its way through:
//
//   1. alloc:    a queue with work is picked (round robin) and the read of
//                its next 64-byte entry is issued under the slot's read tag;
//   2. decide:   once the entry is in, it is checked (in slot order); a data
//                entry that will go to the engine gets its payload read
//                issued under the same tag (fetched ahead, into the slot's
//                part of the payload buffer);
//   3. dispatch: in slot order, the entry goes on: its payload streamed from
//                the buffer into the engine (data queues), the entry handed
//                to the management core's mailbox (admin queue), or an error
//                completion asked of the completion unit (a bad entry).
//
// The read port answers each read as one run of beats (an error as one beat
// before any data), but different tags in any order (PCIe 2.4.1 lets
// completions of different requests pass each other): a slot's state says
// which read its tag has in flight, and the answer is placed by tag. Because
// a payload is whole in the buffer before the engine gets its first beat, a
// failed payload read always completes the entry with CARD_SRC_DMA before
// any of it reached the engine.
//
// An entry is consumed (SQ head advances) when it is dispatched, in order.
// The fetch issue index runs ahead of the head; the unit issues an entry's
// read only when the queue's completion ring has room for one more
// completion, counting every entry issued and not yet consumed by the host,
// so a completion can always be written. A queue that is disabled, re-enabled
// or stopped drops the entries it has in slots (they were not consumed; a
// slot with a read in flight waits for the answer first, so its tag is never
// reused early).
//
// Every operation sent to the engine holds an engine tag: an index into the
// tag table that remembers where the result goes. The completion unit frees
// it. A tag whose queue is disabled or enabled again (a new life, new rings)
// while its operation is on its way is marked stale: the completion unit
// neither writes its result nor counts it, since the host gave that request
// up with the ring it was in. An error completion of such an entry is
// marked the same way (lc_stale_o).
`default_nettype none
`include "card_if.vh"

module hif_fetch #(
  parameter integer NQ         = 9,
  parameter integer NT         = 32,     // engine tags: operations in the engine at once
  parameter integer TW         = 5,      // log2(NT)
  parameter integer NS         = 8,      // slots = DMA reads in flight (a power of two)
  parameter integer SW         = 3,      // log2(NS)
  parameter integer NUM_FLOWS  = 4096,
  parameter integer FLOW_W     = 16,
  parameter integer HAS_ENGINE = 1,
  parameter integer HAS_MGMT   = 1
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  input  wire              srst_i,
  input  wire              enable_i,
  input  wire              datapath_ok_i,
  // queue state
  input  wire [NQ-1:0]     q_en_i,
  input  wire [NQ-1:0]     q_init_i,
  input  wire [NQ*64-1:0]  sq_base_i,
  input  wire [NQ*4-1:0]   sq_log2_i,
  input  wire [NQ*4-1:0]   cq_log2_i,
  input  wire [NQ*16-1:0]  sq_tail_i,
  input  wire [NQ*16-1:0]  cq_head_i,
  output wire [NQ*16-1:0]  sq_head_o,
  output wire [NQ*16-1:0]  sq_issue_o,
  output wire [NQ-1:0]     q_stop_o,
  output wire              err_sq_dma_o,
  output wire [3:0]        err_q_o,
  output wire [63:0]       err_addr_o,
  // DMA read port (tags 0..NS-1: the slots)
  output wire              rd_req_valid_o,
  input  wire              rd_req_ready_i,
  output wire [63:0]       rd_req_addr_o,
  output wire [15:0]       rd_req_len_o,
  output wire [SW-1:0]     rd_req_tag_o,
  input  wire              rd_rsp_valid_i,
  output wire              rd_rsp_ready_o,
  input  wire [63:0]       rd_rsp_data_i,
  input  wire              rd_rsp_last_i,
  input  wire              rd_rsp_err_i,
  input  wire [SW-1:0]     rd_rsp_tag_i,
  // engine input stream (docs/engine-streams.md)
  output wire              in_valid_o,
  input  wire              in_ready_i,
  output wire [15:0]       in_tag_o,
  output wire [FLOW_W-1:0] in_flow_o,
  output wire [3:0]        in_op_o,
  output wire [15:0]       in_len_o,
  output wire [63:0]       in_data_o,
  output wire              in_last_o,
  // error completions for the completion unit
  output wire              lc_valid_o,
  input  wire              lc_ready_i,
  output wire [3:0]        lc_q_o,
  output wire [15:0]       lc_cid_o,
  output wire [7:0]        lc_op_o,
  output wire [14:0]       lc_status_o,
  // admin mailbox (docs/admin-mailbox.md)
  output wire              adm_sqe_valid_o,
  input  wire              adm_sqe_ready_i,
  output wire [511:0]      adm_sqe_o,
  // tag table: read by the completion unit, freed by it
  input  wire [TW-1:0]     tag_rd_i,
  output wire [3:0]        tag_q_o,
  output wire [15:0]       tag_cid_o,
  output wire [63:0]       tag_dst_o,
  output wire [15:0]       tag_cap_o,
  output wire              tag_poison_o,
  output wire              tag_stale_o,   // the tag's queue went away since it was taken
  output wire              lc_stale_o,    // the same, of the error completion offered
  input  wire              tag_free_i,
  input  wire [TW-1:0]     tag_free_idx_i,
  output wire              tags_idle_o,
  output wire [15:0]       bytes_in_o,
  output wire [NS-1:0]     rd_busy_o,     // slots with a read in flight
  output wire              idle_o
);

  // the registered outputs (the registers themselves are _q, docs/rtl-style.md)
  reg  [NQ-1:0]   q_stop_q;
  reg             err_sq_dma_q;
  reg  [3:0]      err_q_q;
  reg  [63:0]     err_addr_q;
  reg             rd_req_valid_q;
  reg  [63:0]     rd_req_addr_q;
  reg  [15:0]     rd_req_len_q;
  reg  [SW-1:0]   rd_req_tag_q;
  reg             lc_valid_q;
  reg  [3:0]      lc_q_q;
  reg  [15:0]     lc_cid_q;
  reg  [7:0]      lc_op_q;
  reg  [14:0]     lc_status_q;
  reg             adm_sqe_valid_q;
  assign q_stop_o = q_stop_q;
  assign err_sq_dma_o = err_sq_dma_q;
  assign err_q_o = err_q_q;
  assign err_addr_o = err_addr_q;
  assign rd_req_valid_o = rd_req_valid_q;
  assign rd_req_addr_o = rd_req_addr_q;
  assign rd_req_len_o = rd_req_len_q;
  assign rd_req_tag_o = rd_req_tag_q;
  assign lc_valid_o = lc_valid_q;
  assign lc_q_o = lc_q_q;
  assign lc_cid_o = lc_cid_q;
  assign lc_op_o = lc_op_q;
  assign lc_status_o = lc_status_q;
  assign adm_sqe_valid_o = adm_sqe_valid_q;

  // payload buffer: one CARD_MAX_PAYLOAD region per slot, 8 octets a word
  localparam integer PW = (`CARD_MAX_PAYLOAD + 7) / 8;
  localparam integer PAW = $clog2(NS * PW);

  // slot states
  //   FREE  -> SQE (entry read in flight) -> HAVE (entry in) -> PAY (payload
  //   read in flight) or READY -> OUT (being dispatched) -> FREE
  localparam [2:0] L_FREE = 3'd0, L_SQE = 3'd1, L_HAVE = 3'd2, L_PAY = 3'd3, L_READY = 3'd4,
                   L_OUT = 3'd5;

  // ---------------------------------------------------------------- entry checks
  // The checks of a data entry, in the order they are reported: the entry
  // itself first (here), then whether the data path can take it (decide).
  function [14:0] entry_verdict(input [7:0] op, input [31:0] flow, input [15:0] in_len,
                                input [15:0] out_cap);
    begin
      // RESET carries no payload (its length counts as 0: never too long;
      // the space checks are of ENCRYPT and DECRYPT, whose length is
      // in_len). The comparisons read in_len itself, not a length chosen
      // by the opcode first: that choice in front of the carry chains was
      // the path to dv_q (docs/synth-blocks.md). DECRYPT's "out_cap <
      // max(len - 2, 0)" is "out_cap + 2 < len".
      entry_verdict = 15'd0;
      if (op != `CARD_OPC_ENCRYPT && op != `CARD_OPC_DECRYPT && op != `CARD_OPC_RESET)
        entry_verdict = `CARD_STATUS_ERR_BAD_OP;
      else if (flow >= NUM_FLOWS)
        entry_verdict = `CARD_STATUS_CARD_FLOW_RANGE;
      else if (op != `CARD_OPC_RESET && in_len > `CARD_MAX_PAYLOAD)
        entry_verdict = `CARD_STATUS_ERR_TOO_LONG;
      else if (op == `CARD_OPC_ENCRYPT && {1'b0, out_cap} < {1'b0, in_len} + 17'd2)
        entry_verdict = `CARD_STATUS_ERR_NO_SPACE;
      else if (op == `CARD_OPC_DECRYPT && {1'b0, out_cap} + 17'd2 < {1'b0, in_len})
        entry_verdict = `CARD_STATUS_ERR_NO_SPACE;
    end
  endfunction

  // ---------------------------------------------------------------- slots
  reg  [2:0]        s_st_q   [0:NS-1];
  reg  [3:0]        s_q_q    [0:NS-1];
  reg               s_err_q  [0:NS-1];     // its payload read failed
  reg               s_serr_q [0:NS-1];     // its entry read failed
  reg               s_drop_q [0:NS-1];     // its queue went away: drop, do not consume
  reg  [14:0]       s_vd_q   [0:NS-1];     // decided verdict
  // The entries themselves are in LUT RAM (g_sqe below), not flip-flops.

  reg  [SW:0]       alloc_q, dec_q, head_q;  // ring pointers with a wrap bit
  wire [SW-1:0]     a_slot = alloc_q[SW-1:0];
  wire [SW-1:0]     d_slot = dec_q[SW-1:0];
  wire [SW-1:0]     h_slot = head_q[SW-1:0];
  wire              slots_full = (alloc_q - head_q) == NS[SW:0];
  wire              dec_any    = dec_q != alloc_q;
  wire              head_any   = head_q != dec_q;    // dispatched only once decided

  reg  [NQ*16-1:0]  sq_head_q;   // consumed entries per queue
  reg  [NQ*16-1:0]  sq_issue_q;  // entries whose read was issued
  reg  [3:0]        rr_q;
  reg               adm_slot_q;  // an admin entry is in a slot
  reg  [NQ-1:0]     stopped_q;   // stopped for an entry-read error, until enabled again

  genvar g;
  generate
    for (g = 0; g < NQ; g = g + 1) begin : g_head
      assign sq_head_o[g*16 +: 16]  = sq_head_q[g*16 +: 16];
      assign sq_issue_o[g*16 +: 16] = sq_issue_q[g*16 +: 16];
    end
    for (g = 0; g < NS; g = g + 1) begin : g_busy
      assign rd_busy_o[g] = s_st_q[g] == L_SQE || s_st_q[g] == L_PAY;
    end
  endgenerate

  // the head slot may be taken once its reads are over (dispatch below)
  localparam [2:0] D_IDLE = 3'd0, D_DECIDE = 3'd1, D_TAG = 3'd2, D_STREAM = 3'd3,
                   D_ZERO = 3'd4, D_LOCAL = 3'd5;
  reg  [2:0]     dst_q;         // dispatch state
  wire [3:0]     h_qn    = s_q_q[h_slot];
  wire           h_take  = dst_q == D_IDLE && head_any && s_st_q[h_slot] == L_READY && !adm_sqe_valid_q;
  wire           h_drop  = s_drop_q[h_slot] || !q_en_i[h_qn] || q_init_i[h_qn];
  // an entry that could not be read stops its queue (ERR_STATUS.SQ_DMA)
  wire           stop_now = h_take && !h_drop && s_serr_q[h_slot];
  wire [3:0]     stop_qn  = h_qn;

  // ---------------------------------------------------------------- queue choice
  // Two stages (the clock estimate, docs/synth-blocks.md: the choice and the
  // read address in one clock were the host interface's longest path): a
  // queue is picked in one clock (pick_q) and its entry read issued the next,
  // if the queue is still enabled, not restarted and not stopped. Its SQ
  // issue index and ring cannot have moved in between: the queue issued the
  // clock before is not picked (so one queue issues at most every other
  // clock), a queue stopped or restarted in the clock of the pick is
  // rechecked at the issue, and the SQ tail and CQ head only move forward
  // while it is enabled (hif_regs), which keeps "has an entry, has a CQ slot"
  // true. A queue that became ready meanwhile waits a clock.
  reg           pick_valid_q;
  reg  [3:0]    pick_q;
  reg  [NQ-1:0] q_ready;    // queues with an entry we may fetch now
  reg  [15:0]   cq_used;    // entries issued and not consumed by the host
  reg           cq_full;    // cq_used >= the CQ's size
  integer       i, b;
  always @* begin
    for (i = 0; i < NQ; i = i + 1) begin
      // cq_used >> cq_log2 != 0, bit by bit (each bit with the size is one
      // LUT; a shifter per queue was several)
      cq_used = sq_issue_q[i*16 +: 16] - cq_head_i[i*16 +: 16];
      cq_full = 1'b0;
      for (b = 0; b < 16; b = b + 1)
        if (cq_used[b] && b[3:0] >= cq_log2_i[i*4 +: 4]) cq_full = 1'b1;
      q_ready[i] = enable_i && q_en_i[i] && !q_init_i[i] && !stopped_q[i] &&
                   !(pick_valid_q && pick_q == i[3:0]) &&
                   sq_tail_i[i*16 +: 16] != sq_issue_q[i*16 +: 16] && !cq_full &&
                   (i != 0 || ((HAS_MGMT == 0 || adm_sqe_ready_i) && !adm_sqe_valid_q && !adm_slot_q));
    end
  end

  // Round robin from the queue after rr_q: the lowest ready queue above
  // rr_q, else the lowest ready queue (rr_q itself last). Two priority
  // encoders and a mask of constants against rr_q: the candidates
  // (rr_q + j) mod NQ, each an adder and two conditional subtracts in
  // front of a q_ready multiplexer, were the second longest path
  // (docs/synth-blocks.md; a `%` there was a divider per candidate).
  reg       pick_valid, pick_hi_valid;
  reg [3:0] pick, pick_hi, pick_lo;
  integer   j;
  always @* begin
    pick_valid    = 1'b0;
    pick_hi_valid = 1'b0;
    pick_hi       = 4'd0;
    pick_lo       = 4'd0;
    for (j = NQ - 1; j >= 0; j = j - 1)
      if (q_ready[j]) begin
        pick_valid = 1'b1;
        pick_lo    = j[3:0];
        if (j[3:0] > rr_q) begin
          pick_hi_valid = 1'b1;
          pick_hi       = j[3:0];
        end
      end
    pick = pick_hi_valid ? pick_hi : pick_lo;
  end

  // the picked queue may still be fetched (the clock-cheap half of q_ready)
  wire pick_live = pick_valid_q && enable_i && q_en_i[pick_q] && !q_init_i[pick_q] && !stopped_q[pick_q] &&
                   !(stop_now && stop_qn == pick_q) &&
                   (pick_q != 4'd0 || ((HAS_MGMT == 0 || adm_sqe_ready_i) && !adm_sqe_valid_q && !adm_slot_q));

  // ---------------------------------------------------------------- decide (slot d)
  // The entry's own checks are computed from slot d in the clock before the
  // decision (dv_q; an entry does not change while it waits in its slot),
  // so the slot multiplexer and the comparisons are not in one clock with
  // the decision: an entry is decided at the earliest in the second clock
  // it is slot d and in.
  wire [223:0] d_sqe;     // op .. out_cap (the DST word is not read here: 0)
  wire [7:0]   d_op      = d_sqe[`CARD_SQE_OPCODE_LSB +: 8];
  wire [15:0]  d_len     = (d_op == `CARD_OPC_RESET) ? 16'd0 : d_sqe[`CARD_SQE_IN_LEN_LSB +: 16];
  reg  [14:0]  dv_q;      // slot d's entry checks
  reg          dnz_q;     // slot d's entry has a payload
  reg          dv_ok_q;   // dv_q and dnz_q are of the entry now in slot d
  wire         d_have    = dec_any && s_st_q[d_slot] == L_HAVE;
  wire         d_ready   = d_have && dv_ok_q;
  wire [14:0]  d_verdict = (dv_q != 15'd0)   ? dv_q :
                           !datapath_ok_i    ? `CARD_STATUS_CARD_DISABLED :
                           (HAS_ENGINE == 0) ? `CARD_STATUS_CARD_NO_ENGINE : 15'd0;
  // a payload to fetch ahead: a sound data entry with data
  wire         d_fetch   = !s_serr_q[d_slot] && !s_drop_q[d_slot] && s_q_q[d_slot] != 4'd0 &&
                           d_verdict == 15'd0 && dnz_q;

  // ---------------------------------------------------------------- read requests
  // One request register; a payload read (its entry is nearer the engine)
  // goes before the next entry read.
  wire req_free  = !rd_req_valid_q || rd_req_ready_i;
  wire issue_pay = req_free && d_ready && d_fetch;
  wire decide    = d_ready && (!d_fetch || issue_pay);
  wire issue_sqe = req_free && !issue_pay && pick_live && !slots_full && s_st_q[a_slot] == L_FREE;

  // ---------------------------------------------------------------- read answers
  reg  [8:0]    rx_beat_q;                  // beat within the answer being received
  wire          rx     = rd_rsp_valid_i;    // always taken: the slot has room
  wire [SW-1:0] rx_s   = rd_rsp_tag_i;
  wire          rx_end = rx && (rd_rsp_last_i || rd_rsp_err_i);
  wire          rx_sqe = rx && s_st_q[rx_s] == L_SQE;
  wire          rx_pay = rx && s_st_q[rx_s] == L_PAY;
  assign rd_rsp_ready_o = 1'b1;

  // ---------------------------------------------------------------- dispatch (slot h)
  reg  [511:0]   sqe_q;         // the entry being dispatched
  reg  [3:0]     cur_q;
  reg  [14:0]    vd_q;
  reg            perr_q;        // its payload read failed
  reg  [SW-1:0]  cur_s;
  reg  [NT-1:0]  tag_busy_q;
  reg  [TW-1:0]  tag_q;
  reg  [8:0]     rd_beat_q;     // payload beats read from the buffer
  reg  [8:0]     tx_beat_q;     // payload beats the engine took
  reg            ob_valid_q;    // the buffer's output holds the next beat

  wire [7:0]  e_op      = sqe_q[`CARD_SQE_OPCODE_LSB +: 8];
  wire [15:0] e_cid     = sqe_q[`CARD_SQE_CID_LSB +: 16];
  wire [31:0] e_flow    = sqe_q[`CARD_SQE_FLOW_LSB +: 32];
  wire [63:0] e_dst     = sqe_q[`CARD_SQE_DST_LSB +: 64];
  wire [15:0] e_out_cap = sqe_q[`CARD_SQE_OUT_CAP_LSB +: 16];
  wire [15:0] e_len     = (e_op == `CARD_OPC_RESET) ? 16'd0 : sqe_q[`CARD_SQE_IN_LEN_LSB +: 16];
  // beats the engine expects for a payload: max(1, ceil(len/8))
  wire [8:0]  beats_total = (e_len == 16'd0) ? 9'd1 : e_len[11:3] + {8'd0, e_len[2:0] != 3'd0};

  // The lowest free engine tag, found the clock before it is used
  // (free_tag_q): a tag freed in that clock waits one, and a tag taken is
  // never offered again, because the next D_TAG comes at least three clocks
  // after one (D_STREAM or D_ZERO, D_IDLE, D_DECIDE in between).
  reg  [TW-1:0] free_tag;
  reg  [TW-1:0] free_tag_q;
  reg           tag_avail_q;
  integer       t;
  always @* begin
    free_tag = {TW{1'b0}};
    for (t = NT - 1; t >= 0; t = t - 1)
      if (!tag_busy_q[t]) free_tag = t[TW-1:0];
  end
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      free_tag_q <= {TW{1'b0}}; tag_avail_q <= 1'b0;
    end else begin
      free_tag_q <= free_tag;   tag_avail_q <= ~&tag_busy_q;
    end
  wire          tag_avail = tag_avail_q;

  wire h_err   = s_err_q[h_slot];

  // ---------------------------------------------------------------- payload buffer
  reg  [63:0]    pay_mem [0:NS*PW-1];
  reg  [63:0]    ob_data_q;
  wire           in_fire  = in_valid_o && in_ready_i;
  wire           streaming = dst_q == D_STREAM;
  wire           ob_read  = streaming && (!ob_valid_q || in_fire) && rd_beat_q != beats_total;
  wire [PAW-1:0] wr_addr  = rx_s * PW[PAW-1:0] + {{(PAW-9){1'b0}}, rx_beat_q};
  wire [PAW-1:0] ob_addr  = cur_s * PW[PAW-1:0] + {{(PAW-9){1'b0}}, rd_beat_q};
  always @(posedge clk_i) begin
    if (rx_pay && !rd_rsp_err_i) pay_mem[wr_addr] <= rd_rsp_data_i;
    if (ob_read) ob_data_q <= pay_mem[ob_addr];
  end

  // ---------------------------------------------------------------- entry store
  // The slots' 64-octet entries, in LUT RAM rather than NS*512 flip-flops
  // (issue 15: those flip-flops and their slot multiplexers were a quarter
  // of the host interface's LUTs): one memory per 8-octet word of an entry,
  // NS deep, written by the entry read's answer (beat w of slot rx_s) and
  // read asynchronously, as the registers were, by slot h (the whole entry,
  // into sqe_q at dispatch) and by slot d (the words the checks and the
  // payload read need). A write and a read of one address in one clock read
  // the old word, as the registers did; a slot is read only once its entry
  // is in (L_HAVE and later), and a slot whose entry read failed is never
  // dispatched with its entry (no reset needed).
  wire [511:0] h_sqe;
  wire [63:0]  d_w0, d_w1, d_w3;
  genvar gw;
  generate
    for (gw = 0; gw < 8; gw = gw + 1) begin : g_sqe
      localparam [2:0] W = gw;
      reg [63:0] mem [0:NS-1];
      always @(posedge clk_i)
        if (rx_sqe && !rd_rsp_err_i && rx_beat_q[2:0] == W) mem[rx_s] <= rd_rsp_data_i;
      assign h_sqe[gw*64 +: 64] = mem[h_slot];
      if (gw == 0) begin : g_d0
        assign d_w0 = mem[d_slot];
      end
      if (gw == 1) begin : g_d1
        assign d_w1 = mem[d_slot];
      end
      if (gw == 3) begin : g_d3
        assign d_w3 = mem[d_slot];
      end
    end
  endgenerate
  assign d_sqe = {d_w3[31:0], 64'd0, d_w1, d_w0};

  // ---------------------------------------------------------------- engine stream
  wire zero = dst_q == D_ZERO;
  assign in_valid_o = (streaming && ob_valid_q) || zero;
  assign in_tag_o   = {{(16-TW){1'b0}}, tag_q};
  assign in_flow_o  = e_flow[FLOW_W-1:0];
  assign in_op_o    = e_op[3:0];
  assign in_len_o   = e_len;
  assign in_data_o  = zero ? 64'd0 : ob_data_q;
  assign in_last_o  = zero || tx_beat_q + 9'd1 == beats_total;
  assign adm_sqe_o  = sqe_q;
  assign bytes_in_o = (streaming && in_fire) ?
                      (in_last_o ? ((e_len[2:0] == 3'd0) ? 16'd8 : {13'd0, e_len[2:0]}) : 16'd8) : 16'd0;

  // ---------------------------------------------------------------- tag table
  wire tag_write = dst_q == D_TAG && tag_avail;
  reg [15:0] t_cid_q [0:NT-1];
  reg [63:0] t_dst_q [0:NT-1];
  reg [15:0] t_cap_q [0:NT-1];
  // Each tag's queue, and whether that queue was disabled or enabled again
  // since the tag was taken, are plain registers rather than the table's
  // LUT RAM: a queue going away marks all of its tags in one clock. The
  // entry on its way to a tag carries the same mark (cur_gone_q), from the
  // clock after its dispatch (a queue gone in that clock drops the entry).
  // Without it, a result of a queue's earlier life that reached the
  // completion unit after the queue was enabled again looked live and was
  // completed into the new ring (issue 14; sim/hiftop/tb_hif_stale.c).
  reg  [NT*4-1:0] t_qn_q;
  reg  [NT-1:0]   t_stale_q;
  reg             cur_gone_q;
  reg  [15:0]     q_gone;       // queues disabled or restarted this clock
  integer         u;
  always @* begin
    q_gone = 16'hffff;
    for (u = 0; u < NQ; u = u + 1) q_gone[u] = q_init_i[u] || !q_en_i[u];
  end
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      t_qn_q <= {NT*4{1'b0}}; t_stale_q <= {NT{1'b0}};
    end else begin
      for (u = 0; u < NT; u = u + 1)
        if (q_gone[t_qn_q[u*4 +: 4]]) t_stale_q[u] <= 1'b1;
      if (tag_write) begin
        t_qn_q[free_tag_q*4 +: 4] <= cur_q;
        t_stale_q[free_tag_q]     <= cur_gone_q || q_gone[cur_q];
      end
    end
  assign tag_q_o      = t_qn_q[tag_rd_i*4 +: 4];
  assign tag_stale_o  = t_stale_q[tag_rd_i];
  assign lc_stale_o   = cur_gone_q;
  assign tag_cid_o    = t_cid_q[tag_rd_i];
  assign tag_dst_o    = t_dst_q[tag_rd_i];
  assign tag_cap_o    = t_cap_q[tag_rd_i];
  // the payload is whole before the engine sees it: never a failed read
  // after engine data, so never a poisoned operation
  assign tag_poison_o = 1'b0;
  assign tags_idle_o  = tag_busy_q == {NT{1'b0}};

  always @(posedge clk_i) begin
    if (tag_write) begin
      t_cid_q[free_tag_q] <= e_cid;
      t_dst_q[free_tag_q] <= e_dst;
      t_cap_q[free_tag_q] <= e_out_cap;
    end
  end

  // the flow ID's upper bits were checked against NUM_FLOWS (decide)
  wire unused = ^{e_flow[31:FLOW_W], d_sqe[191:128], d_sqe[31:8], d_w3[63:32]};

  assign idle_o = alloc_q == head_q && dst_q == D_IDLE && !adm_sqe_valid_q && !rd_req_valid_q;

  // ---------------------------------------------------------------- state
`include "hif_lowmask.vh"
  wire [63:0] pick_base = sq_base_i[pick_q*64 +: 64];
  wire [15:0] pick_slot = sq_issue_q[pick_q*16 +: 16] & low_mask(sq_log2_i[pick_q*4 +: 4]);
  wire [63:0] pick_addr = pick_base + {42'd0, pick_slot, 6'd0};
  // Each slot's entry address, kept from its read's issue (LUT RAM) for
  // ERR_ADDR when that read fails: the address of the head entry of the
  // slot's queue (SQ base + head index), as computed from the queue's
  // registers at the dispatch until issue 15, because entries are issued
  // and consumed in order and a slot not dropped holds the entry at its
  // queue's head when it is the head slot (the formal proof's "issue -
  // head == held"), and the base and ring size do not change while the
  // queue is enabled. One 64-bit LUT RAM read instead of the base and head
  // multiplexers and an adder.
  reg  [63:0] s_addr_mem [0:NS-1];
  always @(posedge clk_i)
    if (issue_sqe) s_addr_mem[a_slot] <= pick_addr;
  wire [63:0] h_entry_addr = s_addr_mem[h_slot];

  integer n, k;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (k = 0; k < NS; k = k + 1) begin
        s_st_q[k] <= L_FREE; s_q_q[k] <= 4'd0; s_err_q[k] <= 1'b0; s_serr_q[k] <= 1'b0;
        s_drop_q[k] <= 1'b0; s_vd_q[k] <= 15'd0;
      end
      stopped_q <= {NQ{1'b0}};
      alloc_q <= {(SW+1){1'b0}}; dec_q <= {(SW+1){1'b0}}; head_q <= {(SW+1){1'b0}};
      sq_head_q <= {NQ*16{1'b0}}; sq_issue_q <= {NQ*16{1'b0}}; rr_q <= 4'd0; adm_slot_q <= 1'b0;
      pick_valid_q <= 1'b0; pick_q <= 4'd0; dv_q <= 15'd0; dnz_q <= 1'b0; dv_ok_q <= 1'b0;
      rd_req_valid_q <= 1'b0; rd_req_addr_q <= 64'd0; rd_req_len_q <= 16'd0; rd_req_tag_q <= {SW{1'b0}};
      rx_beat_q <= 9'd0;
      dst_q <= D_IDLE; sqe_q <= 512'd0; cur_q <= 4'd0; vd_q <= 15'd0; perr_q <= 1'b0; cur_s <= {SW{1'b0}};
      cur_gone_q <= 1'b0;
      tag_busy_q <= {NT{1'b0}}; tag_q <= {TW{1'b0}};
      rd_beat_q <= 9'd0; tx_beat_q <= 9'd0; ob_valid_q <= 1'b0;
      lc_valid_q <= 1'b0; lc_q_q <= 4'd0; lc_cid_q <= 16'd0; lc_op_q <= 8'd0; lc_status_q <= 15'd0;
      adm_sqe_valid_q <= 1'b0; q_stop_q <= {NQ{1'b0}};
      err_sq_dma_q <= 1'b0; err_q_q <= 4'd0; err_addr_q <= 64'd0;
    end else if (srst_i) begin
      for (k = 0; k < NS; k = k + 1) begin
        s_st_q[k] <= L_FREE; s_q_q[k] <= 4'd0; s_err_q[k] <= 1'b0; s_serr_q[k] <= 1'b0;
        s_drop_q[k] <= 1'b0; s_vd_q[k] <= 15'd0;
      end
      stopped_q <= {NQ{1'b0}};
      alloc_q <= {(SW+1){1'b0}}; dec_q <= {(SW+1){1'b0}}; head_q <= {(SW+1){1'b0}};
      sq_head_q <= {NQ*16{1'b0}}; sq_issue_q <= {NQ*16{1'b0}}; rr_q <= 4'd0; adm_slot_q <= 1'b0;
      pick_valid_q <= 1'b0; dv_ok_q <= 1'b0;
      rd_req_valid_q <= 1'b0;
      rx_beat_q <= 9'd0;
      dst_q <= D_IDLE; tag_busy_q <= {NT{1'b0}};
      rd_beat_q <= 9'd0; tx_beat_q <= 9'd0; ob_valid_q <= 1'b0;
      lc_valid_q <= 1'b0; adm_sqe_valid_q <= 1'b0; q_stop_q <= {NQ{1'b0}};
      err_sq_dma_q <= 1'b0;
    end else begin
      q_stop_q     <= {NQ{1'b0}};
      err_sq_dma_q <= 1'b0;
      pick_valid_q <= pick_valid;
      pick_q       <= pick;
      dv_q    <= entry_verdict(d_op, d_sqe[`CARD_SQE_FLOW_LSB +: 32], d_sqe[`CARD_SQE_IN_LEN_LSB +: 16],
                               d_sqe[`CARD_SQE_OUT_CAP_LSB +: 16]);
      dnz_q   <= d_len != 16'd0;
      dv_ok_q <= d_have && !decide;
      if (q_gone[cur_q]) cur_gone_q <= 1'b1;
      if (tag_free_i) tag_busy_q[tag_free_idx_i] <= 1'b0;
      if (adm_sqe_valid_q && adm_sqe_ready_i) adm_sqe_valid_q <= 1'b0;
      if (rd_req_valid_q && rd_req_ready_i) rd_req_valid_q <= 1'b0;

      // -------- alloc: an entry read under a fresh slot
      if (issue_sqe) begin
        rr_q           <= pick_q;
        rd_req_valid_q <= 1'b1;
        rd_req_addr_q  <= pick_addr;
        rd_req_len_q   <= 16'd`CARD_SQE_SIZE;
        rd_req_tag_q   <= a_slot;
        s_st_q[a_slot]   <= L_SQE;
        s_q_q[a_slot]    <= pick_q;
        s_err_q[a_slot]  <= 1'b0;
        s_serr_q[a_slot] <= 1'b0;
        s_drop_q[a_slot] <= 1'b0;
        alloc_q <= alloc_q + 1'b1;
        // (each queue's index written under a compare of pick_q with its
        // number: a part-select at pick_q*16 made yosys build an adder
        // and a carry chain per bit in front of the registers)
        for (n = 0; n < NQ; n = n + 1)
          if (pick_q == n[3:0]) sq_issue_q[n*16 +: 16] <= sq_issue_q[n*16 +: 16] + 16'd1;
        if (pick_q == 4'd0) adm_slot_q <= 1'b1;
      end

      // -------- decide: slot d checked in order; its payload read issued
      if (decide) begin
        s_vd_q[d_slot] <= d_verdict;
        dec_q          <= dec_q + 1'b1;
        s_st_q[d_slot] <= d_fetch ? L_PAY : L_READY;
      end
      if (issue_pay) begin
        rd_req_valid_q <= 1'b1;
        rd_req_addr_q  <= d_sqe[`CARD_SQE_SRC_LSB +: 64];
        rd_req_len_q   <= d_len;
        rd_req_tag_q   <= d_slot;
      end

      // -------- answers, placed by tag
      if (rx) begin
        rx_beat_q <= rx_end ? 9'd0 : rx_beat_q + 9'd1;
        if (rd_rsp_err_i && rx_sqe) s_serr_q[rx_s] <= 1'b1;
        if (rd_rsp_err_i && rx_pay) s_err_q[rx_s] <= 1'b1;
        if (rx_end) s_st_q[rx_s] <= rx_sqe ? L_HAVE : L_READY;
      end

      // -------- queues that went away: their slots are dropped
      for (n = 0; n < NQ; n = n + 1) begin
        if (q_init_i[n]) stopped_q[n] <= 1'b0;
        if (q_init_i[n] || !q_en_i[n])
          for (k = 0; k < NS; k = k + 1)
            if (s_st_q[k] != L_FREE && s_q_q[k] == n[3:0]) s_drop_q[k] <= 1'b1;
      end

      // -------- dispatch: slot h, in order
      case (dst_q)
        D_IDLE: if (h_take) begin
          head_q <= head_q + 1'b1;
          if (h_qn == 4'd0) adm_slot_q <= 1'b0;
          if (h_drop) begin
            s_st_q[h_slot] <= L_FREE;          // not consumed
          end else if (s_serr_q[h_slot]) begin
            s_st_q[h_slot] <= L_FREE;          // not consumed; the queue stops
            err_sq_dma_q   <= 1'b1;
            err_q_q        <= h_qn;
            err_addr_q     <= h_entry_addr;
            // (indices by compare, as at the alloc: h_qn*16 was the host
            // interface's longest path, docs/synth-blocks.md)
            for (n = 0; n < NQ; n = n + 1)
              if (h_qn == n[3:0]) begin
                q_stop_q[n]  <= 1'b1;
                stopped_q[n] <= 1'b1;
                sq_issue_q[n*16 +: 16] <= sq_head_q[n*16 +: 16];
              end
            for (k = 0; k < NS; k = k + 1)
              if (s_st_q[k] != L_FREE && s_q_q[k] == h_qn) s_drop_q[k] <= 1'b1;
          end else begin
            s_st_q[h_slot] <= L_OUT;           // freed when the dispatch ends
            for (n = 0; n < NQ; n = n + 1)
              if (h_qn == n[3:0]) sq_head_q[n*16 +: 16] <= sq_head_q[n*16 +: 16] + 16'd1;
            sqe_q  <= h_sqe;
            cur_q  <= h_qn;
            cur_s  <= h_slot;
            cur_gone_q <= 1'b0;
            vd_q   <= s_vd_q[h_slot];
            perr_q <= h_err;
            dst_q  <= D_DECIDE;
          end
        end
        D_DECIDE: begin
          lc_q_q   <= cur_q;
          lc_cid_q <= e_cid;
          lc_op_q  <= e_op;
          if (cur_q == 4'd0) begin
            if (HAS_MGMT != 0) begin
              adm_sqe_valid_q <= 1'b1;
              s_st_q[cur_s]   <= L_FREE;
              dst_q <= D_IDLE;
            end else begin
              lc_valid_q  <= 1'b1;
              lc_status_q <= `CARD_STATUS_ADM_NOT_READY;
              dst_q <= D_LOCAL;
            end
          end else if (vd_q != 15'd0 || perr_q) begin
            lc_valid_q  <= 1'b1;
            lc_status_q <= (vd_q != 15'd0) ? vd_q : `CARD_STATUS_CARD_SRC_DMA;
            dst_q <= D_LOCAL;
          end else begin
            dst_q <= D_TAG;
          end
        end
        D_TAG: if (tag_avail) begin
          // to the engine under a fresh engine tag
          tag_q                  <= free_tag_q;
          tag_busy_q[free_tag_q] <= 1'b1;
          rd_beat_q  <= 9'd0;
          tx_beat_q  <= 9'd0;
          ob_valid_q <= 1'b0;
          dst_q <= (e_len == 16'd0) ? D_ZERO : D_STREAM;
        end
        D_STREAM: begin
          if (ob_read) rd_beat_q <= rd_beat_q + 9'd1;
          if (ob_read) ob_valid_q <= 1'b1;
          else if (in_fire) ob_valid_q <= 1'b0;
          if (in_fire) begin
            tx_beat_q <= tx_beat_q + 9'd1;
            if (in_last_o) begin
              s_st_q[cur_s] <= L_FREE;
              dst_q <= D_IDLE;
            end
          end
        end
        D_ZERO:  if (in_ready_i) begin
          s_st_q[cur_s] <= L_FREE;
          dst_q <= D_IDLE;
        end
        D_LOCAL: if (lc_ready_i) begin
          lc_valid_q <= 1'b0;
          s_st_q[cur_s] <= L_FREE;
          dst_q <= D_IDLE;
        end
        default: dst_q <= D_IDLE;
      endcase
      for (n = 0; n < NQ; n = n + 1)
        if (q_init_i[n]) begin
          sq_head_q[n*16 +: 16]  <= 16'd0;
          sq_issue_q[n*16 +: 16] <= 16'd0;
        end
    end
  end

`ifdef FORMAL_FETCH
  // Proof harness (hdl/formal/prove.sh hif_fetch, docs/rtl-verification.md).
  // The environment is what hif_regs, the host contract and the DMA port
  // guarantee, no more; the assertions are the ring invariants hif_top
  // checks in simulation, for every enabled queue, and the read tags.
  reg f_started_q = 1'b0;                          // the proof starts in reset
  always @(posedge clk_i) f_started_q <= 1'b1;
  always @(*) if (!f_started_q) assume (!rst_ni);
  wire f_live = rst_ni && !srst_i;

  // last clock's view
  reg              f_live_p;
  reg [NQ-1:0]     f_en_p, f_stop_p, f_init_p;
  reg [NQ*16-1:0]  f_tail_p, f_cqh_p, f_head_p;
  reg [NQ*4-1:0]   f_sl_p, f_cl_p;
  always @(posedge clk_i) begin
    f_live_p <= f_live;
    f_en_p   <= q_en_i;   f_stop_p <= q_stop_q; f_init_p <= q_init_i;
    f_tail_p <= sq_tail_i; f_cqh_p <= cq_head_i; f_head_p <= sq_head_q;
    f_sl_p   <= sq_log2_i; f_cl_p <= cq_log2_i;
  end

  // The DMA read port answers only tags in flight (requested, last or error
  // beat not yet given), each answer one unbroken run; a soft reset forgets
  // the reads in flight (hif_top's checker counts the same way).
  reg [NS-1:0] f_fl_q;
  reg          f_in_rsp_q;
  reg [SW-1:0] f_rsp_tag_q;
  wire [NS-1:0] f_req_bit = (rd_req_valid_q && rd_req_ready_i) ? ({{(NS-1){1'b0}}, 1'b1} << rd_req_tag_q) : {NS{1'b0}};
  wire [NS-1:0] f_end_bit = rx_end ? ({{(NS-1){1'b0}}, 1'b1} << rd_rsp_tag_i) : {NS{1'b0}};
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) begin
      f_fl_q <= {NS{1'b0}}; f_in_rsp_q <= 1'b0; f_rsp_tag_q <= {SW{1'b0}};
    end else if (srst_i) begin
      f_fl_q <= {NS{1'b0}}; f_in_rsp_q <= 1'b0;
    end else begin
      f_fl_q <= (f_fl_q | f_req_bit) & ~f_end_bit;
      if (rd_rsp_valid_i) begin
        f_in_rsp_q  <= !(rd_rsp_last_i || rd_rsp_err_i);
        f_rsp_tag_q <= rd_rsp_tag_i;
      end
    end
  always @(*)
    if (f_live && rd_rsp_valid_i) begin
      assume (f_fl_q[rd_rsp_tag_i]);
      if (f_in_rsp_q) assume (rd_rsp_tag_i == f_rsp_tag_q);
    end

  // hif_regs: a queue is enabled only with q_init (its doorbells reset to
  // 0, its ring sizes set, refused unless MIN <= SQ <= CQ <= MAX); sizes do
  // not change while enabled; a stop (q_stop_q) disables it the next clock;
  // a reset or soft reset leaves every queue disabled. Doorbells move only
  // as hif_regs' checks let them, against the indices of the clock of the
  // write (in the clock of q_init: 0, the restarted ones, not the old ones
  // this unit still shows): the SQ tail at most one ring past the head and
  // never back over entries given; the CQ head forward, to at most the CQ
  // tail, which is at most the SQ head (hif_cpl writes one completion per
  // consumed entry: hif_top's "CQ entries written <= entries fetched",
  // assumed here).
  genvar f_g;
  for (f_g = 0; f_g < NQ; f_g = f_g + 1) begin : g_f_env
    wire [15:0] tail  = sq_tail_i[f_g*16 +: 16],  tail_p = f_tail_p[f_g*16 +: 16];
    wire [15:0] cqh   = cq_head_i[f_g*16 +: 16],  cqh_p  = f_cqh_p[f_g*16 +: 16];
    // the SQ head hif_regs checks a doorbell against (hif_regs.v sq_head)
    wire [15:0] head_p = f_init_p[f_g] ? 16'd0 : f_head_p[f_g*16 +: 16];
    wire [3:0]  sl = sq_log2_i[f_g*4 +: 4], cl = cq_log2_i[f_g*4 +: 4];
    always @(*)
      if (f_started_q && rst_ni) begin
        if (!f_live_p) begin
          assume (!q_en_i[f_g] && !q_init_i[f_g] && tail == 16'd0 && cqh == 16'd0);
        end else begin
          if (q_en_i[f_g] && !f_en_p[f_g]) assume (q_init_i[f_g]);
          if (f_stop_p[f_g]) assume (!q_en_i[f_g]);
          if (q_init_i[f_g]) begin
            assume (tail == 16'd0 && cqh == 16'd0);
            assume (sl >= `CARD_MIN_QUEUE_LOG2 && sl <= cl && cl <= `CARD_MAX_QUEUE_LOG2);
          end else begin
            if (q_en_i[f_g]) assume (sl == f_sl_p[f_g*4 +: 4] && cl == f_cl_p[f_g*4 +: 4]);
            if (tail != tail_p)
              assume (f_en_p[f_g] && tail - head_p <= (16'd1 << f_sl_p[f_g*4 +: 4]) &&
                      tail - head_p >= tail_p - head_p);
            if (cqh != cqh_p)
              assume (f_en_p[f_g] && cqh - cqh_p <= head_p - cqh_p);
          end
        end
      end
  end

  // ---- assertions
  wire [SW:0] f_used = alloc_q - head_q;           // slots between head and alloc
  function f_busy(input [2:0] st);
    f_busy = st == L_SQE || st == L_PAY;
  endfunction
  integer f_k;
  always @(*)
    if (f_started_q && rst_ni) begin
      // read tags: never requested again while in flight; each in flight
      // (or waiting in the request register) held by its slot's read
      if (rd_req_valid_q) assert (!f_fl_q[rd_req_tag_q] && f_busy(s_st_q[rd_req_tag_q]));
      for (f_k = 0; f_k < NS; f_k = f_k + 1)
        if (f_busy(s_st_q[f_k]))
          assert (f_fl_q[f_k] != (rd_req_valid_q && rd_req_tag_q == f_k[SW-1:0]));
        else
          assert (!f_fl_q[f_k]);
      // the slot ring
      assert (f_used <= NS[SW:0] && dec_q - head_q <= f_used);
      if (dst_q != D_IDLE) assert (s_st_q[cur_s] == L_OUT);
      for (f_k = 0; f_k < NS; f_k = f_k + 1)
        if ({1'b0, f_k[SW-1:0] - h_slot} < f_used) assert (s_st_q[f_k] != L_FREE && s_st_q[f_k] != L_OUT);
    end

  for (f_g = 0; f_g < NQ; f_g = f_g + 1) begin : g_f_q
    wire [15:0] tail  = sq_tail_i[f_g*16 +: 16];
    wire [15:0] cqh   = cq_head_i[f_g*16 +: 16];
    wire [15:0] head  = sq_head_q[f_g*16 +: 16];
    wire [15:0] issue = sq_issue_q[f_g*16 +: 16];
    wire [15:0] sq_n  = 16'd1 << sq_log2_i[f_g*4 +: 4];
    wire [15:0] cq_n  = 16'd1 << cq_log2_i[f_g*4 +: 4];
    // the queue's entries in slots, not dropped: issued and not yet consumed
    reg  [15:0] held;
    integer     f_s;
    always @(*) begin
      held = 16'd0;
      for (f_s = 0; f_s < NS; f_s = f_s + 1)
        if ({1'b0, f_s[SW-1:0] - h_slot} < f_used && s_q_q[f_s] == f_g[3:0] && !s_drop_q[f_s])
          held = held + 16'd1;
    end
    always @(*)
      if (f_started_q && rst_ni && q_en_i[f_g] && !q_init_i[f_g]) begin
        assert (tail - head <= sq_n);              // never reads past the tail
        assert (issue - head <= tail - head);      // issue index between head and tail
        assert (tail - issue <= sq_n);
        assert (issue - head <= NS[15:0]);         // ahead by at most the slots
        assert (issue - head == held);
        assert (head - cqh <= issue - cqh);
        assert (issue - cqh <= cq_n);              // every issued entry has a CQ slot
        assert (head - cqh <= cq_n);               // every fetched entry has a CQ slot
      end
  end
`endif

endmodule
