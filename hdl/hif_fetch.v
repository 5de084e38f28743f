// Host interface: the fetch unit.
//
// Picks a queue with work (round robin), reads its next 64-byte submission
// entry over the DMA read port, checks it, and then either
//   - streams the payload from host memory into the engine (data queues),
//   - hands the entry to the management core's mailbox (admin queue), or
//   - asks the completion unit for an error completion (a bad entry).
// An entry is consumed (SQ head advances) as soon as it is on chip. The unit
// fetches only when the queue's completion ring has room for one more
// completion, counting every entry fetched and not yet consumed by the host,
// so a completion can always be written.
//
// Every operation sent to the engine holds a tag: an index into the tag
// table that remembers where the result goes. The completion unit frees it.
`default_nettype none
`include "card_if.vh"

module hif_fetch #(
  parameter integer NQ         = 9,
  parameter integer NT         = 32,     // tags: operations in the engine at once
  parameter integer TW         = 5,      // log2(NT)
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
  output reg  [NQ-1:0]     q_stop_o,
  output reg               err_sq_dma_o,
  output reg  [3:0]        err_q_o,
  output reg  [63:0]       err_addr_o,
  // DMA read port
  output reg               rd_req_valid_o,
  input  wire              rd_req_ready_i,
  output reg  [63:0]       rd_req_addr_o,
  output reg  [15:0]       rd_req_len_o,
  input  wire              rd_rsp_valid_i,
  output wire              rd_rsp_ready_o,
  input  wire [63:0]       rd_rsp_data_i,
  input  wire              rd_rsp_last_i,
  input  wire              rd_rsp_err_i,
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
  output reg               lc_valid_o,
  input  wire              lc_ready_i,
  output reg  [3:0]        lc_q_o,
  output reg  [15:0]       lc_cid_o,
  output reg  [7:0]        lc_op_o,
  output reg  [14:0]       lc_status_o,
  // admin mailbox (docs/admin-mailbox.md)
  output reg               adm_sqe_valid_o,
  input  wire              adm_sqe_ready_i,
  output wire [511:0]      adm_sqe_o,
  // tag table: read by the completion unit, freed by it
  input  wire [TW-1:0]     tag_rd_i,
  output wire [3:0]        tag_q_o,
  output wire [15:0]       tag_cid_o,
  output wire [63:0]       tag_dst_o,
  output wire [15:0]       tag_cap_o,
  output wire              tag_poison_o,
  input  wire              tag_free_i,
  input  wire [TW-1:0]     tag_free_idx_i,
  output wire              tags_idle_o,
  output wire [15:0]       bytes_in_o,
  output wire              idle_o
);

  localparam [3:0] S_IDLE = 4'd0, S_SQE_REQ = 4'd1, S_SQE_RX = 4'd2, S_DECIDE = 4'd3,
                   S_ADMIN = 4'd4, S_LOCAL = 4'd5, S_PAY_REQ = 4'd6, S_PAY = 4'd7,
                   S_ZERO = 4'd8, S_PAD = 4'd9;

  reg  [3:0]     state_q;
  reg  [3:0]     cur_q;
  reg  [3:0]     rr_q;
  reg  [511:0]   sqe_q;
  reg  [2:0]     beat_q;
  reg  [NQ*16-1:0] sq_head_q;  // per queue, 16 bits each
  reg  [NT-1:0]  tag_busy_q;
  reg  [TW-1:0]  tag_q;
  reg  [15:0]    pad_left_q;   // engine beats still owed after a failed payload read

  // ---------------------------------------------------------------- entry fields
  wire [7:0]  e_op      = sqe_q[`CARD_SQE_OPCODE_LSB +: 8];
  wire [15:0] e_cid     = sqe_q[`CARD_SQE_CID_LSB +: 16];
  wire [31:0] e_flow    = sqe_q[`CARD_SQE_FLOW_LSB +: 32];
  wire [63:0] e_src     = sqe_q[`CARD_SQE_SRC_LSB +: 64];
  wire [63:0] e_dst     = sqe_q[`CARD_SQE_DST_LSB +: 64];
  wire [15:0] e_in_len  = sqe_q[`CARD_SQE_IN_LEN_LSB +: 16];
  wire [15:0] e_out_cap = sqe_q[`CARD_SQE_OUT_CAP_LSB +: 16];
  wire        e_reset   = e_op == `CARD_OPC_RESET;
  wire [15:0] e_len     = e_reset ? 16'd0 : e_in_len;   // RESET carries no payload
  wire [16:0] enc_need  = {1'b0, e_in_len} + 17'd2;
  wire [15:0] dec_need  = e_in_len >= 16'd2 ? e_in_len - 16'd2 : 16'd0;

  // The checks of a data entry, in the order they are reported: the entry
  // itself first, then whether the data path can take it.
  reg [14:0] verdict;       // 0: send to the engine
  always @* begin
    verdict = 15'd0;
    if (e_op != `CARD_OPC_ENCRYPT && e_op != `CARD_OPC_DECRYPT && !e_reset)
      verdict = `CARD_STATUS_ERR_BAD_OP;
    else if (e_flow >= NUM_FLOWS)
      verdict = `CARD_STATUS_CARD_FLOW_RANGE;
    else if (e_len > `CARD_MAX_PAYLOAD)
      verdict = `CARD_STATUS_ERR_TOO_LONG;
    else if (e_op == `CARD_OPC_ENCRYPT && {1'b0, e_out_cap} < enc_need)
      verdict = `CARD_STATUS_ERR_NO_SPACE;
    else if (e_op == `CARD_OPC_DECRYPT && e_out_cap < dec_need)
      verdict = `CARD_STATUS_ERR_NO_SPACE;
    else if (!datapath_ok_i)
      verdict = `CARD_STATUS_CARD_DISABLED;
    else if (HAS_ENGINE == 0)
      verdict = `CARD_STATUS_CARD_NO_ENGINE;
  end

  // ---------------------------------------------------------------- queue choice
  reg  [NQ-1:0] ready_q;    // queues with an entry we may fetch now
  wire          tag_avail = ~&tag_busy_q;
  integer       i;
  always @* begin
    for (i = 0; i < NQ; i = i + 1) begin
      ready_q[i] = enable_i && q_en_i[i] &&
                   sq_tail_i[i*16 +: 16] != sq_head_q[(i)*16 +: 16] &&
                   ((sq_head_q[(i)*16 +: 16] - cq_head_i[i*16 +: 16]) >> cq_log2_i[i*4 +: 4]) == 16'd0 &&
                   (i == 0 ? (HAS_MGMT == 0 || adm_sqe_ready_i) && !adm_sqe_valid_o : tag_avail);
    end
  end

  reg       pick_valid;
  reg [3:0] pick;
  integer   j;
  reg [5:0] cand;
  localparam [5:0] NQ6 = NQ[5:0];

  // (rr_q + j) mod NQ with rr_q < NQ and j < 2*NQ is below 3*NQ, so two
  // conditional subtracts reduce it; a `%` here was a divider per iteration
  // (41k LUTs on 7-series).
  always @* begin
    pick_valid = 1'b0;
    pick       = 4'd0;
    for (j = 2 * NQ - 1; j >= 1; j = j - 1) begin
      // candidates after rr_q first: lowest (rr_q + j) mod NQ wins
      cand = {2'd0, rr_q} + j[5:0];
      if (cand >= NQ6) cand = cand - NQ6;
      if (cand >= NQ6) cand = cand - NQ6;
      if (ready_q[cand[3:0]]) begin
        pick_valid = 1'b1;
        pick       = cand[3:0];
      end
    end
  end

  reg [TW-1:0] free_tag;   // lowest free tag (one is free whenever an entry is fetched)
  integer   t;
  always @* begin
    free_tag   = {TW{1'b0}};
    for (t = NT - 1; t >= 0; t = t - 1) begin
      if (!tag_busy_q[t]) free_tag = t[TW-1:0];
    end
  end

  wire [63:0] cur_sq_base = sq_base_i[cur_q*64 +: 64];
  wire [3:0]  cur_sq_log2 = sq_log2_i[cur_q*4 +: 4];
  wire [15:0] cur_slot    = sq_head_q[(cur_q)*16 +: 16] & ((16'd1 << cur_sq_log2) - 16'd1);

  // ---------------------------------------------------------------- tag table
  reg [3:0]  t_q_q   [0:NT-1];
  reg [15:0] t_cid_q [0:NT-1];
  reg [63:0] t_dst_q [0:NT-1];
  reg [15:0] t_cap_q [0:NT-1];
  reg        t_poison_q [0:NT-1];

  assign tag_q_o      = t_q_q[tag_rd_i];
  assign tag_cid_o    = t_cid_q[tag_rd_i];
  assign tag_dst_o    = t_dst_q[tag_rd_i];
  assign tag_cap_o    = t_cap_q[tag_rd_i];
  assign tag_poison_o = t_poison_q[tag_rd_i];
  assign tags_idle_o  = tag_busy_q == {NT{1'b0}};

  // ---------------------------------------------------------------- streams
  wire pay      = state_q == S_PAY;
  wire zero     = state_q == S_ZERO || state_q == S_PAD;
  wire rx_sqe   = state_q == S_SQE_RX;
  wire pay_err  = pay && rd_rsp_valid_i && rd_rsp_err_i;

  assign in_valid_o = (pay && rd_rsp_valid_i && !rd_rsp_err_i) || zero;
  assign in_tag_o   = {{(16-TW){1'b0}}, tag_q};
  assign in_flow_o  = e_flow[FLOW_W-1:0];
  assign in_op_o    = e_op[3:0];
  assign in_len_o   = e_len;
  assign in_data_o  = zero ? 64'd0 : rd_rsp_data_i;
  assign in_last_o  = zero ? (state_q == S_ZERO || pad_left_q == 16'd1) : rd_rsp_last_i;
  assign rd_rsp_ready_o = rx_sqe || (pay && (in_ready_i || rd_rsp_err_i));
  assign adm_sqe_o  = sqe_q;
  assign bytes_in_o = (pay && rd_rsp_valid_i && !rd_rsp_err_i && in_ready_i) ?
                      (rd_rsp_last_i ? ((e_len[2:0] == 3'd0) ? 16'd8 : {13'd0, e_len[2:0]}) : 16'd8) : 16'd0;
  assign idle_o     = state_q == S_IDLE && !adm_sqe_valid_o;

  genvar g;
  generate
    for (g = 0; g < NQ; g = g + 1) begin : g_head
      assign sq_head_o[g*16 +: 16] = sq_head_q[g*16 +: 16];
    end
  endgenerate

  // beats the engine expects for a payload: max(1, ceil(len/8))
  wire [15:0] beats_total = (e_len == 16'd0) ? 16'd1 : ((e_len + 16'd7) >> 3);
  reg  [15:0] beats_sent_q;

  integer n;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= S_IDLE;
    end else if (srst_i) begin
      state_q <= S_IDLE;
    end else begin
      case (state_q)
        S_IDLE:    if (pick_valid) state_q <= S_SQE_REQ;
        S_SQE_REQ: if (rd_req_ready_i) state_q <= S_SQE_RX;
        S_SQE_RX:  if (rd_rsp_valid_i && (rd_rsp_last_i || rd_rsp_err_i))
                     state_q <= rd_rsp_err_i ? S_IDLE : S_DECIDE;
        S_DECIDE:  begin
          if (cur_q == 4'd0)
            state_q <= (HAS_MGMT != 0) ? S_ADMIN : S_LOCAL;
          else if (verdict != 15'd0)
            state_q <= S_LOCAL;
          else if (e_len == 16'd0)
            state_q <= S_ZERO;
          else
            state_q <= S_PAY_REQ;
        end
        S_ADMIN:   state_q <= S_IDLE;
        S_LOCAL:   if (lc_ready_i) state_q <= S_IDLE;
        S_PAY_REQ: if (rd_req_ready_i) state_q <= S_PAY;
        S_PAY: begin
          if (pay_err)
            state_q <= (beats_sent_q == 16'd0) ? S_LOCAL : S_PAD;
          else if (rd_rsp_valid_i && in_ready_i && rd_rsp_last_i)
            state_q <= S_IDLE;
        end
        S_ZERO:    if (in_ready_i) state_q <= S_IDLE;
        S_PAD:     if (in_ready_i && pad_left_q == 16'd1) state_q <= S_IDLE;
        default:   state_q <= S_IDLE;
      endcase
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cur_q <= 4'd0; rr_q <= 4'd0; sqe_q <= 512'd0; beat_q <= 3'd0;
      tag_busy_q <= {NT{1'b0}}; tag_q <= {TW{1'b0}};
      rd_req_valid_o <= 1'b0; rd_req_addr_o <= 64'd0; rd_req_len_o <= 16'd0;
      lc_valid_o <= 1'b0; lc_q_o <= 4'd0; lc_cid_o <= 16'd0; lc_op_o <= 8'd0; lc_status_o <= 15'd0;
      adm_sqe_valid_o <= 1'b0; q_stop_o <= {NQ{1'b0}};
      err_sq_dma_o <= 1'b0; err_q_o <= 4'd0; err_addr_o <= 64'd0;
      beats_sent_q <= 16'd0; pad_left_q <= 16'd0;
      sq_head_q <= {NQ*16{1'b0}};
    end else if (srst_i) begin
      cur_q <= 4'd0; rr_q <= 4'd0; sqe_q <= 512'd0; beat_q <= 3'd0;
      tag_busy_q <= {NT{1'b0}}; tag_q <= {TW{1'b0}};
      rd_req_valid_o <= 1'b0; rd_req_addr_o <= 64'd0; rd_req_len_o <= 16'd0;
      lc_valid_o <= 1'b0; lc_q_o <= 4'd0; lc_cid_o <= 16'd0; lc_op_o <= 8'd0; lc_status_o <= 15'd0;
      adm_sqe_valid_o <= 1'b0; q_stop_o <= {NQ{1'b0}};
      err_sq_dma_o <= 1'b0; err_q_o <= 4'd0; err_addr_o <= 64'd0;
      beats_sent_q <= 16'd0; pad_left_q <= 16'd0;
      sq_head_q <= {NQ*16{1'b0}};
    end else begin
      q_stop_o     <= {NQ{1'b0}};
      err_sq_dma_o <= 1'b0;
      for (n = 0; n < NQ; n = n + 1)
        if (q_init_i[n]) sq_head_q[(n)*16 +: 16] <= 16'd0;
      if (tag_free_i) tag_busy_q[tag_free_idx_i] <= 1'b0;
      if (adm_sqe_valid_o && adm_sqe_ready_i) adm_sqe_valid_o <= 1'b0;

      case (state_q)
        S_IDLE: if (pick_valid) begin
          cur_q          <= pick;
          rr_q           <= pick;
          rd_req_valid_o <= 1'b1;
          rd_req_addr_o  <= sq_base_i[pick*64 +: 64] +
                            {42'd0, (sq_head_q[(pick)*16 +: 16] & ((16'd1 << sq_log2_i[pick*4 +: 4]) - 16'd1)), 6'd0};
          rd_req_len_o   <= 16'd`CARD_SQE_SIZE;
          beat_q         <= 3'd0;
        end
        S_SQE_REQ: if (rd_req_ready_i) rd_req_valid_o <= 1'b0;
        S_SQE_RX: if (rd_rsp_valid_i) begin
          sqe_q[beat_q*64 +: 64] <= rd_rsp_data_i;
          beat_q <= beat_q + 3'd1;
          if (rd_rsp_err_i) begin
            // The ring itself cannot be read: stop the queue (ERR_STATUS.SQ_DMA).
            q_stop_o[cur_q] <= 1'b1;
            err_sq_dma_o    <= 1'b1;
            err_q_o         <= cur_q;
            err_addr_o      <= cur_sq_base + {42'd0, cur_slot, 6'd0};
          end else if (rd_rsp_last_i) begin
            sq_head_q[(cur_q)*16 +: 16] <= sq_head_q[(cur_q)*16 +: 16] + 16'd1;
          end
        end
        S_DECIDE: begin
          lc_q_o   <= cur_q;
          lc_cid_o <= e_cid;
          lc_op_o  <= e_op;
          if (cur_q == 4'd0) begin
            if (HAS_MGMT != 0) adm_sqe_valid_o <= 1'b1;
            else begin
              lc_valid_o  <= 1'b1;
              lc_status_o <= `CARD_STATUS_ADM_NOT_READY;
            end
          end else if (verdict != 15'd0) begin
            lc_valid_o  <= 1'b1;
            lc_status_o <= verdict;
          end else begin
            // send to the engine under a fresh tag
            tag_q                <= free_tag;
            tag_busy_q[free_tag] <= 1'b1;
            beats_sent_q         <= 16'd0;
            if (e_len != 16'd0) begin
              rd_req_valid_o <= 1'b1;
              rd_req_addr_o  <= e_src;
              rd_req_len_o   <= e_len;
            end
          end
        end
        S_LOCAL: if (lc_ready_i) lc_valid_o <= 1'b0;
        S_PAY_REQ: if (rd_req_ready_i) rd_req_valid_o <= 1'b0;
        S_PAY: begin
          if (pay_err) begin
            // SRC is not mapped. Before any byte reached the engine the
            // entry completes with CARD_SRC_DMA and the tag is released;
            // after, the engine gets zero beats to finish the operation and
            // the tag is poisoned so the completion reports the error.
            if (beats_sent_q == 16'd0) begin
              tag_busy_q[tag_q] <= 1'b0;
              lc_valid_o        <= 1'b1;
              lc_status_o       <= `CARD_STATUS_CARD_SRC_DMA;
            end else begin
              pad_left_q <= beats_total - beats_sent_q;
            end
          end else if (rd_rsp_valid_i && in_ready_i) begin
            beats_sent_q <= beats_sent_q + 16'd1;
          end
        end
        S_PAD: if (in_ready_i) pad_left_q <= pad_left_q - 16'd1;
        default: ;
      endcase
    end
  end

  // tag table writes: on the decision to send an entry to the engine
  wire tag_write = state_q == S_DECIDE && cur_q != 4'd0 && verdict == 15'd0;
  always @(posedge clk_i) begin
    if (tag_write) begin
      t_q_q[free_tag]      <= cur_q;
      t_cid_q[free_tag]    <= e_cid;
      t_dst_q[free_tag]    <= e_dst;
      t_cap_q[free_tag]    <= e_out_cap;
      t_poison_q[free_tag] <= 1'b0;
    end else if (pay_err && beats_sent_q != 16'd0) begin
      t_poison_q[tag_q] <= 1'b1;
    end
  end

endmodule
