// Host interface: the completion unit.
//
// Takes one finished operation at a time - an engine result, an error
// completion from the fetch unit, or an admin completion from the management
// core - writes its output payload to DST (engine results with data), then
// writes the 16-byte completion entry into the queue's completion ring with
// the phase of the current pass and the queue's SQ head.
//
// The engine never writes outside DST: a result longer than the room the
// entry gave (OUT_CAP) is dropped with ERR_NO_SPACE (the fetch unit already
// refuses entries whose OUT_CAP cannot hold the result, so this is a guard).
`default_nettype none
`include "card_if.vh"

module hif_cpl #(
  parameter integer NQ     = 9,
  parameter integer TW     = 5,
  parameter integer FLOW_W = 16
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  input  wire              srst_i,
  // queue state
  input  wire [NQ-1:0]     q_en_i,
  input  wire [NQ-1:0]     q_init_i,
  input  wire [NQ*64-1:0]  cq_base_i,
  input  wire [NQ*4-1:0]   cq_log2_i,
  input  wire [NQ*16-1:0]  sq_head_i,
  output wire [NQ*16-1:0]  cq_tail_o,
  output wire [NQ-1:0]     q_stop_o,
  output wire              err_cq_dma_o,
  output wire [3:0]        err_q_o,
  output wire [63:0]       err_addr_o,
  // engine output stream (docs/engine-streams.md)
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
  // error completions from the fetch unit
  input  wire              lc_valid_i,
  output wire              lc_ready_o,
  input  wire [3:0]        lc_q_i,
  input  wire [15:0]       lc_cid_i,
  input  wire [7:0]        lc_op_i,
  input  wire [14:0]       lc_status_i,
  input  wire              lc_stale_i,     // its queue went away since the entry was fetched
  // admin completions from the management core
  input  wire              adm_cqe_valid_i,
  output wire              adm_cqe_ready_o,
  input  wire [127:0]      adm_cqe_i,
  // tag table (in the fetch unit)
  output wire [TW-1:0]     tag_rd_o,
  input  wire [3:0]        tag_q_i,
  input  wire [15:0]       tag_cid_i,
  input  wire [63:0]       tag_dst_i,
  input  wire [15:0]       tag_cap_i,
  input  wire              tag_poison_i,
  input  wire              tag_stale_i,    // its queue went away since the operation was fetched
  output wire              tag_free_o,
  output wire [TW-1:0]     tag_free_idx_o,
  // DMA write port
  output wire              wr_valid_o,
  input  wire              wr_ready_i,
  output wire [63:0]       wr_addr_o,
  output wire [15:0]       wr_len_o,
  output wire [63:0]       wr_data_o,
  output wire              wr_last_o,
  input  wire              wr_rsp_valid_i,
  input  wire              wr_rsp_err_i,
  // events
  output wire              cpl_o,          // a completion entry was written
  output wire [3:0]        cpl_q_o,
  output wire              cnt_op_o,
  output wire              cnt_err_o,
  output wire [15:0]       bytes_out_o,
  output wire              idle_o
);

  localparam [3:0] S_IDLE = 4'd0, S_DATA = 4'd1, S_DRESP = 4'd2, S_DRAIN = 4'd3,
                   S_CQE0 = 4'd4, S_CQE1 = 4'd5, S_CRESP = 4'd6, S_DONE = 4'd7;
  localparam [1:0] SRC_ENGINE = 2'd0, SRC_LOCAL = 2'd1, SRC_ADMIN = 2'd2;

  reg  [3:0]      state_q;
  reg  [1:0]      src_q;
  reg  [3:0]      q_q;
  reg  [TW-1:0]   tag_q;
  reg  [31:0]     result_q, info_q;
  reg  [15:0]     cid_q;
  reg  [14:0]     status_q;
  reg  [63:0]     dst_q;
  reg  [15:0]     len_q;
  reg  [NQ*16-1:0] cq_tail_q;
  reg             live_q;     // the request is of its queue's current life
  reg  [63:0]     cqe_at_q;   // where the completion entry was written
  // the registered outputs
  reg  [NQ-1:0]   q_stop_q;
  reg             err_cq_dma_q;
  reg  [3:0]      err_q_q;
  reg  [63:0]     err_addr_q;
  reg             tag_free_q;
  reg  [TW-1:0]   tag_free_idx_q;
  reg             cpl_q;
  reg  [3:0]      cpl_q_q;
  reg             cnt_op_q, cnt_err_q;
  assign q_stop_o       = q_stop_q;
  assign err_cq_dma_o   = err_cq_dma_q;
  assign err_q_o        = err_q_q;
  assign err_addr_o     = err_addr_q;
  assign tag_free_o     = tag_free_q;
  assign tag_free_idx_o = tag_free_idx_q;
  assign cpl_o          = cpl_q;
  assign cpl_q_o        = cpl_q_q;
  assign cnt_op_o       = cnt_op_q;
  assign cnt_err_o      = cnt_err_q;

  // ---------------------------------------------------------------- choice
  wire idle      = state_q == S_IDLE;
  wire take_adm  = idle && adm_cqe_valid_i;
  wire take_lc   = idle && !adm_cqe_valid_i && lc_valid_i;
  wire take_eng  = idle && !adm_cqe_valid_i && !lc_valid_i && out_valid_i;

  assign tag_rd_o        = out_tag_i[TW-1:0];
  assign adm_cqe_ready_o = take_adm;
  assign lc_ready_o      = take_lc;

  // An engine result with data goes to DST when it fits; otherwise its beats
  // are drained and the completion carries the error.
  // A result whose request is not of its queue's current life (below) is
  // drained: its DST belongs to a request the host gave up with its ring.
  wire eng_has_data = out_status_i == 4'd0 && out_len_i != 16'd0;
  wire eng_fits     = out_len_i <= tag_cap_i && !tag_poison_i;
  wire eng_live     = q_en_i[tag_q_i] && !q_init_i[tag_q_i] && !tag_stale_i;
  wire eng_to_dst   = take_eng && eng_has_data && eng_fits && eng_live;
  wire [14:0] eng_status = tag_poison_i ? `CARD_STATUS_CARD_SRC_DMA :
                           (eng_has_data && !eng_fits) ? `CARD_STATUS_ERR_NO_SPACE :
                           {11'd0, out_status_i};

  // Data beats pass straight from the engine to the DMA write port.
  wire data_phase = state_q == S_DATA;
  assign out_ready_o = data_phase ? wr_ready_i :
                       (state_q == S_DRAIN) || (take_eng && !eng_to_dst);

  // ---------------------------------------------------------------- CQE
  wire [63:0] cq_base  = cq_base_i[q_q*64 +: 64];
  wire [3:0]  cq_log2  = cq_log2_i[q_q*4 +: 4];
  wire [15:0] cq_tail  = cq_tail_q[q_q*16 +: 16];
`include "hif_lowmask.vh"
  // Each queue's CQ slot (its tail in its ring) is a register, a clock
  // behind the tail and ring size: the queue multiplexers, the mask and
  // the 64-bit address adder in one clock were the path to cqe_at_q
  // (docs/synth-blocks.md). Still right where it is read, S_CQE0 and
  // S_CQE1 of a live request: the tail moves only in S_CQE1 and S_CRESP
  // (at least two clocks before the next S_CQE0) or by q_init, and the
  // ring size only with an enable (q_init the next clock); either in the
  // clock before S_CQE0 leaves cq_live false there (no write, S_DONE),
  // and S_CQE1 follows a live S_CQE0, so neither moved in between.
  reg  [NQ*16-1:0] cq_slot_q;
  integer          sl;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) cq_slot_q <= {NQ*16{1'b0}};
    else
      for (sl = 0; sl < NQ; sl = sl + 1)
        cq_slot_q[sl*16 +: 16] <= cq_tail_q[sl*16 +: 16] & low_mask(cq_log2_i[sl*4 +: 4]);
  wire [15:0] cq_slot  = cq_slot_q[q_q*16 +: 16];
  wire        phase    = ~cq_tail[cq_log2];     // 1 on the first pass, flips on every wrap
  wire [63:0] cqe_addr = cq_base + {44'd0, cq_slot, 4'd0};
  wire [127:0] cqe = {status_q, phase, cid_q,
                      12'd0, q_q, sq_head_i[q_q*16 +: 16],
                      info_q, result_q};

  // A request belongs to the life of its queue in which it was taken (from
  // the enable to the next disable); one taken while the queue was disabled
  // or in its enable clock, one the fetch unit marks stale (its queue went
  // away while it was in the engine or on its way here), or whose queue was
  // disabled or enabled again since, is not of the current ring: it gets no completion and never
  // counts in the CQ tail. Otherwise an operation still in the card when
  // its queue was disabled and enabled again wrote its completion into the
  // new ring, one the host never asked for (the CQ tail passed the entries
  // fetched; found by the formal proof, hdl/formal/prove.sh hif_cpl).
  wire cq_live = live_q && q_en_i[q_q] && !q_init_i[q_q];
  // A completion for a queue disabled meanwhile is not started (S_CQE0 goes
  // to S_DONE): its first beat must not reach the bus, or the write port is
  // left inside a half-sent burst. Once started, a burst always finishes.
  wire cqe_phase = (state_q == S_CQE0 && cq_live) || state_q == S_CQE1;
  assign wr_valid_o = data_phase ? out_valid_i : cqe_phase;
  assign wr_addr_o  = data_phase ? dst_q : cqe_addr;
  assign wr_len_o   = data_phase ? len_q : 16'd`CARD_CQE_SIZE;
  assign wr_data_o  = data_phase ? out_data_i : (state_q == S_CQE0 ? cqe[63:0] : cqe[127:64]);
  assign wr_last_o  = data_phase ? out_last_i : state_q == S_CQE1;
  assign cq_tail_o  = cq_tail_q;
  assign bytes_out_o = (data_phase && out_valid_i && wr_ready_i) ?
                       (out_last_i ? ((len_q[2:0] == 3'd0) ? 16'd8 : {13'd0, len_q[2:0]}) : 16'd8) : 16'd0;
  assign idle_o = idle;

  // The host interface fills SQ head, SQ id and phase of admin completions;
  // the engine tag above TW bits is always zero.
  wire unused = ^{out_flow_i, out_tag_i[15:TW], adm_cqe_i[112], adm_cqe_i[95:64]};

  // The next state is written in the clocked block (docs/rtl-style.md):
  // the outputs are registers or decoded from state_q alone, so nothing
  // reads a next value in the clock it is computed.
  integer n;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= S_IDLE; src_q <= SRC_ENGINE; q_q <= 4'd0; tag_q <= {TW{1'b0}};
      result_q <= 32'd0; info_q <= 32'd0; cid_q <= 16'd0; status_q <= 15'd0;
      dst_q <= 64'd0; len_q <= 16'd0; cq_tail_q <= {NQ*16{1'b0}}; live_q <= 1'b0; cqe_at_q <= 64'd0;
      q_stop_q <= {NQ{1'b0}}; err_cq_dma_q <= 1'b0; err_q_q <= 4'd0; err_addr_q <= 64'd0;
      tag_free_q <= 1'b0; tag_free_idx_q <= {TW{1'b0}};
      cpl_q <= 1'b0; cpl_q_q <= 4'd0; cnt_op_q <= 1'b0; cnt_err_q <= 1'b0;
    end else if (srst_i) begin
      state_q <= S_IDLE; src_q <= SRC_ENGINE; q_q <= 4'd0; tag_q <= {TW{1'b0}};
      result_q <= 32'd0; info_q <= 32'd0; cid_q <= 16'd0; status_q <= 15'd0;
      dst_q <= 64'd0; len_q <= 16'd0; cq_tail_q <= {NQ*16{1'b0}}; live_q <= 1'b0; cqe_at_q <= 64'd0;
      q_stop_q <= {NQ{1'b0}}; err_cq_dma_q <= 1'b0; err_q_q <= 4'd0; err_addr_q <= 64'd0;
      tag_free_q <= 1'b0; tag_free_idx_q <= {TW{1'b0}};
      cpl_q <= 1'b0; cpl_q_q <= 4'd0; cnt_op_q <= 1'b0; cnt_err_q <= 1'b0;
    end else begin
      live_q       <= cq_live;
      q_stop_q     <= {NQ{1'b0}};
      err_cq_dma_q <= 1'b0;
      tag_free_q   <= 1'b0;
      cpl_q        <= 1'b0;
      cnt_op_q     <= 1'b0;
      cnt_err_q    <= 1'b0;
      for (n = 0; n < NQ; n = n + 1)
        if (q_init_i[n]) cq_tail_q[n*16 +: 16] <= 16'd0;

      case (state_q)
        S_IDLE: begin
          // a request taken is live if its queue is enabled (not in its
          // enable clock) and the fetch unit does not mark it stale
          if (take_adm) begin
            src_q    <= SRC_ADMIN;
            q_q      <= 4'd0;
            result_q <= adm_cqe_i[31:0];
            info_q   <= adm_cqe_i[63:32];
            cid_q    <= adm_cqe_i[111:96];
            status_q <= adm_cqe_i[127:113];
            live_q   <= q_en_i[0] && !q_init_i[0];
            state_q  <= S_CQE0;
          end else if (take_lc) begin
            src_q    <= SRC_LOCAL;
            q_q      <= lc_q_i;
            result_q <= 32'd0;
            info_q   <= {16'd0, lc_op_i, 8'd0};
            cid_q    <= lc_cid_i;
            status_q <= lc_status_i;
            live_q   <= q_en_i[lc_q_i] && !q_init_i[lc_q_i] && !lc_stale_i;
            state_q  <= S_CQE0;
          end else if (take_eng) begin
            src_q    <= SRC_ENGINE;
            q_q      <= tag_q_i;
            tag_q    <= out_tag_i[TW-1:0];
            cid_q    <= tag_cid_i;
            dst_q    <= tag_dst_i;
            len_q    <= out_len_i;
            status_q <= eng_status;
            result_q <= {4'd0, out_ccount_i, eng_to_dst ? out_len_i : 16'd0};
            info_q   <= {16'd0, 4'd0, out_op_i, out_flags_i};
            live_q   <= eng_live;
            if (eng_to_dst)
              state_q <= S_DATA;
            else if (!out_last_i)
              state_q <= S_DRAIN;
            else
              state_q <= S_CQE0;
          end
        end
        S_DATA:  if (out_valid_i && wr_ready_i && out_last_i) state_q <= S_DRESP;
        S_DRESP: if (wr_rsp_valid_i) begin
          if (wr_rsp_err_i) begin
            status_q <= `CARD_STATUS_CARD_DST_DMA;
            result_q[15:0] <= 16'd0;
          end
          state_q <= S_CQE0;
        end
        S_DRAIN: if (out_valid_i && out_last_i) state_q <= S_CQE0;
        S_CQE0: begin
          // A queue disabled meanwhile gets no completion (documented).
          if (!cq_live) state_q <= S_DONE;
          else if (wr_ready_i) state_q <= S_CQE1;
        end
        // The tail counts the completion when its last beat leaves, not
        // when the write is acknowledged: the host may see the entry in
        // memory and ring CQ_HEAD past it before the acknowledgement comes
        // back, and the doorbell check (hif_regs) must not take that for a
        // head beyond the tail. A write that then fails stops the queue and
        // takes the count back (CQ_TAIL counts completions written).
        S_CQE1:  if (wr_ready_i) begin
          // (each queue's tail under a compare of q_q with its number: a
          // part-select at q_q*16 put an adder and carry chains in front
          // of the tails, docs/synth-blocks.md)
          for (n = 0; n < NQ; n = n + 1)
            if (cq_live && q_q == n[3:0]) cq_tail_q[n*16 +: 16] <= cq_tail_q[n*16 +: 16] + 16'd1;
          cqe_at_q <= cqe_addr;
          state_q  <= S_CRESP;
        end
        S_CRESP: if (wr_rsp_valid_i) begin
          // (a request no longer live: its ring is gone, nothing to take back)
          if (wr_rsp_err_i) begin
            if (cq_live) begin
              for (n = 0; n < NQ; n = n + 1)
                if (q_q == n[3:0]) cq_tail_q[n*16 +: 16] <= cq_tail_q[n*16 +: 16] - 16'd1;
              q_stop_q[q_q] <= 1'b1;
              err_cq_dma_q  <= 1'b1;
              err_q_q       <= q_q;
              // the entry's address: CQ base + (CQ tail - 1) in the ring,
              // as at its write (the base and the ring do not change while
              // the queue is enabled, and cq_live says it stayed so)
              err_addr_q    <= cqe_at_q;
            end
          end else begin
            cpl_q     <= cq_live;
            cpl_q_q   <= q_q;
            cnt_op_q  <= q_q != 4'd0;
            cnt_err_q <= q_q != 4'd0 && status_q >= 15'h20;
          end
          state_q <= S_DONE;
        end
        S_DONE: begin
          if (src_q == SRC_ENGINE) begin
            tag_free_q     <= 1'b1;
            tag_free_idx_q <= tag_q;
          end
          state_q <= S_IDLE;
        end
        default: state_q <= S_IDLE;
      endcase
    end
  end

`ifdef FORMAL_CPL
  // Proof harness (hdl/formal/prove.sh hif_cpl, docs/rtl-verification.md):
  // the completion unit writes at most one completion per request it took
  // for the queue in the queue's current life (since its last enable), and
  // none of an earlier life into the new ring. With the requesters' rule
  // (one request per entry the fetch unit consumed: hif_top asserts it in
  // simulation), that is hif_top's "CQ entries written <= entries fetched".
  // The environment: hif_regs' queue enables (a queue is enabled only with
  // q_init, for one clock; stopped the clock after q_stop_o; disabled after
  // any reset);
  // requests name a queue that exists. Everything else is free.
  reg f_started_q = 1'b0;                          // the proof starts in reset
  always @(posedge clk_i) f_started_q <= 1'b1;
  always @(*) if (!f_started_q) assume (!rst_ni);
  wire f_live = rst_ni && !srst_i;
  reg          f_live_p;
  reg [NQ-1:0] f_en_p, f_stop_p;
  always @(posedge clk_i) begin
    f_live_p <= f_live; f_en_p <= q_en_i; f_stop_p <= q_stop_o;
  end
  always @(*)
    if (f_started_q && rst_ni) begin
      if (!f_live_p) assume (q_en_i == {NQ{1'b0}} && q_init_i == {NQ{1'b0}});
      else begin
        assume ((q_en_i & ~f_en_p & ~q_init_i) == {NQ{1'b0}});
        assume ((q_init_i & ~q_en_i) == {NQ{1'b0}});
        assume ((q_init_i & f_en_p) == {NQ{1'b0}});    // one clock, at the enable
        assume ((q_en_i & f_stop_p) == {NQ{1'b0}});
      end
      if (lc_valid_i) assume (lc_q_i < NQ);
      if (out_valid_i) assume (tag_q_i < NQ);
    end

  // requests taken for each queue in its current life (the fetch unit marks
  // those of an earlier life stale; sim/hiftop/tb_hif_stale.c checks that it does)
  wire       f_take_any = take_adm || take_lc || take_eng;
  wire       f_take   = f_take_any && !(take_lc && lc_stale_i) && !(take_eng && tag_stale_i);
  wire [3:0] f_take_q = take_adm ? 4'd0 : take_lc ? lc_q_i : tag_q_i;
  reg  [NQ*16-1:0] f_ask_q;
  integer f_n;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) f_ask_q <= {NQ*16{1'b0}};
    else
      for (f_n = 0; f_n < NQ; f_n = f_n + 1)
        if (srst_i || q_init_i[f_n]) f_ask_q[f_n*16 +: 16] <= 16'd0;
        else if (f_take && f_take_q == f_n[3:0] && q_en_i[f_n])
          f_ask_q[f_n*16 +: 16] <= f_ask_q[f_n*16 +: 16] + 16'd1;
  // the request in progress was counted above and its completion is not
  // written yet (its last beat not sent, its queue not found disabled at
  // the start); a new life of its queue (q_init) makes it one of the old
  reg f_cnt_q;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) f_cnt_q <= 1'b0;
    else if (srst_i) f_cnt_q <= 1'b0;
    else if (f_take_any) f_cnt_q <= f_take && q_en_i[f_take_q] && !q_init_i[f_take_q];
    else if (q_init_i[q_q] || (state_q == S_CQE1 && wr_ready_i) || (state_q == S_CQE0 && !q_en_i[q_q]))
      f_cnt_q <= 1'b0;
  wire f_busy = state_q == S_DATA || state_q == S_DRESP || state_q == S_DRAIN ||
                state_q == S_CQE0 || state_q == S_CQE1;

  always @(*)
    if (f_started_q && rst_ni) begin
      // lemmas: the ghost follows the unit's own notion of the request
      if (f_cnt_q) assert (f_busy);
      if (f_busy && live_q) assert (f_cnt_q);
      if (f_cnt_q && q_en_i[q_q] && !q_init_i[q_q]) assert (live_q);
      if (q_stop_q != {NQ{1'b0}}) assert (state_q == S_DONE && q_stop_q == ({{(NQ-1){1'b0}}, 1'b1} << q_q));
    end
  genvar f_g;
  for (f_g = 0; f_g < NQ; f_g = f_g + 1) begin : g_f_q
    wire [15:0] ask  = f_ask_q[f_g*16 +: 16];
    wire [15:0] tail = cq_tail_q[f_g*16 +: 16];
    // asked - written: the request in progress, or the one whose write just
    // failed (its queue stops the next clock)
    wire [15:0] owed = {15'd0, f_cnt_q && q_q == f_g[3:0]} + {15'd0, q_stop_q[f_g]};
    always @(*)
      if (f_started_q && rst_ni && !srst_i && q_en_i[f_g] && !q_init_i[f_g])
        assert (ask - tail == owed);
  end
`endif

endmodule
