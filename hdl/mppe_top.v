// The MPPE offload engine: NUM_ENGINES engines behind a dispatcher, the
// flow context RAMs, the context port, and the output arbiter.
// Interface: docs/engine-streams.md. Architecture: docs/rtl-engine.md.
//
//   in_* --> dispatcher --+--> [desc fifo + in fifo] -> engine 0 -> [out fifo + res fifo] --+--> out_*
//                         +--> ...                                                              --+
//   ctx_* --> context port --+                                       (store and forward results)
//   engines --------------- bus arbiter --> context RAM (16 x 64 bit / flow)
//                                       --> RC4 state RAM (32 x 64 bit / flow)
//
// Ordering: a flow's operations all go to the engine that already holds
// the flow (queued, running or result not yet out), else to the least
// loaded engine; each engine is in order, so a flow's results are too.
`default_nettype none
`include "mppe_codes.vh"
`include "mppe_ctx_bus.vh"

module mppe_top #(
  parameter integer NUM_FLOWS   = 4096,
  parameter integer NUM_ENGINES = 4,
  parameter integer TAG_W       = 16,
  parameter integer FLOW_W      = 16,
  parameter integer CTX_BANKS   = 4,      // context RAM banks (by flow ID low bits), 1..NUM_FLOWS/2
  parameter integer RC4_BRAM    = 0,      // engines' RC4 banks: 0 register file, 1 block RAM (mppe_engine.v)
  parameter integer SMALL       = 0,      // 1: the engines' area variant for small FPGAs (mppe_engine.v)
  // Each engine's data FIFOs, log2 of 64-bit beats (+1 in the output
  // register). The input FIFO only decouples the input bus from the engine,
  // which takes its data a beat at a time: any depth works, 9 (4 KiB) lets
  // the bus hand a 1400-byte packet over in 175 clocks and move on. The
  // output FIFO is store and forward (a result leaves once the engine has
  // written all of it), so it must hold the largest result: 2050 octets
  // (2048 plus the MPPE header, mppe_engine.v's TOO_LONG limits), 257
  // beats, which AW 8 (256 + the output register) just holds; 9 lets the
  // engine write the next result while one waits.
  parameter integer IN_FIFO_AW  = 9,
  parameter integer OUT_FIFO_AW = 9
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  output wire              ready_o,              // context wipe after reset done
  // input stream
  input  wire              in_valid_i,
  output wire              in_ready_o,
  input  wire [TAG_W-1:0]  in_tag_i,
  input  wire [FLOW_W-1:0] in_flow_i,
  input  wire [3:0]        in_op_i,
  input  wire [15:0]       in_len_i,
  input  wire [63:0]       in_data_i,
  input  wire              in_last_i,
  // output stream
  output wire              out_valid_o,
  input  wire              out_ready_i,
  output wire [TAG_W-1:0]  out_tag_o,
  output wire [FLOW_W-1:0] out_flow_o,
  output wire [3:0]        out_op_o,
  output wire [3:0]        out_status_o,
  output wire [7:0]        out_flags_o,
  output wire [11:0]       out_ccount_o,
  output wire [15:0]       out_len_o,
  output wire [63:0]       out_data_o,
  output wire              out_last_o,
  // context port: a request and a response word (contract/mppe_ctx_bus.txt)
  input  wire              ctx_req_valid_i,
  output wire              ctx_req_ready_o,
  input  wire [`MPPE_CTX_REQ_W-1:0] ctx_req_i,
  output wire              ctx_rsp_valid_o,
  input  wire              ctx_rsp_ready_i,
  output wire [`MPPE_CTX_RSP_W-1:0] ctx_rsp_o,
  // engine activity, for benchmarks and the host interface's counters
  output wire [NUM_ENGINES-1:0] engine_busy_o,
  // in_last_i disagreed with the beat count of in_len_i (sticky until reset);
  // the dispatcher counts beats from in_len_i, so a bad in_last_i cannot
  // shift one operation's data into the next
  output wire              in_framing_error_o
);

  localparam integer FB   = (NUM_FLOWS > 1) ? $clog2(NUM_FLOWS) : 1;
  localparam integer NE   = NUM_ENGINES;
  localparam integer NM   = NUM_ENGINES + 1;          // bus masters: engines + context port
  localparam integer MW   = (NM > 1) ? $clog2(NM) : 1;
  localparam integer EW   = (NE > 1) ? $clog2(NE) : 1;
  localparam integer DESC_W = TAG_W + FLOW_W + 4 + 16;
  localparam integer RES_W  = TAG_W + FLOW_W + 4 + 4 + 8 + 12 + 16;
  localparam integer SLOTS  = 4;                     // operations in flight per engine
  localparam integer BB     = $clog2(CTX_BANKS);     // bank bits of a flow ID (0: one bank)
  localparam integer NB     = 1 << BB;
  localparam integer BBW    = (BB > 0) ? BB : 1;      // their width in the selects below

  initial begin
    if (NUM_FLOWS < 1 || NUM_FLOWS > (1 << FLOW_W)) $error("%m: NUM_FLOWS out of range");
    if (NUM_ENGINES < 1 || NUM_ENGINES > 16) $error("%m: NUM_ENGINES must be 1..16");
    if (CTX_BANKS < 1 || NB != CTX_BANKS || (NB > 1 && (NB > NUM_FLOWS || BB >= FB)))
      $error("%m: CTX_BANKS must be a power of 2, 1..NUM_FLOWS/2");
    if (OUT_FIFO_AW < 8) $error("%m: OUT_FIFO_AW must hold a 2050-octet result (8 or more)");
    if (IN_FIFO_AW < 1) $error("%m: IN_FIFO_AW must be 1 or more");
  end

  // ---------------------------------------------------------------------
  // Per-engine signals, packed
  wire [NE-1:0]        desc_push, desc_full, in_push, in_full;
  wire [NE-1:0]        res_valid, res_pop, od_valid, od_pop;
  wire [NE*RES_W-1:0]  res_head;
  wire [NE*64-1:0]     od_head;
  wire [NE*SLOTS*FLOW_W-1:0] slot_flow;
  wire [NE*SLOTS-1:0]  slot_valid;
  wire [NE*3-1:0]      slot_cnt;

  // bus masters
  wire [NM-1:0]        m_req;
  wire [NM*FB-1:0]     m_flow;
  wire [NM-1:0]        m_ctx_en, m_ctx_we, m_sb_en, m_sb_we;
  wire [NM*4-1:0]      m_ctx_addr;
  wire [NM*5-1:0]      m_sb_addr;
  wire [NM*64-1:0]     m_ctx_wdata, m_sb_wdata;
  wire [NM-1:0]        m_gnt;
  wire [NM*64-1:0]     m_ctx_rdata;
  // Waiver: the context port (last master) never reads the RC4 state RAM.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [NM*64-1:0]     m_sb_rdata;
  /* verilator lint_on UNUSEDSIGNAL */

  // ---------------------------------------------------------------------
  // Dispatcher
  reg              disp_busy_q;
  reg  [EW-1:0]    disp_eng_q;
  reg  [13:0]      disp_left_q;        // beats of the current operation still to come
  reg              framing_err_q;
  // Waiver: the low bits are dropped on purpose (beats = ceil(len / 8)).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [16:0]      in_sum = {1'b0, in_len_i} + 17'd7;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [13:0]      in_beats = (in_len_i == 16'd0) ? 14'd1 : in_sum[16:3];
  wire             beat_last = disp_busy_q ? (disp_left_q == 14'd1) : (in_beats == 14'd1);
  reg  [EW-1:0]    tgt;
  reg              match_any;
  reg  [EW-1:0]    match_eng;
  reg  [EW-1:0]    least_eng;
  reg  [2:0]       least_cnt;
  wire             init_done;
  integer e, s;

  always @(*) begin
    match_any = 1'b0;
    match_eng = {EW{1'b0}};
    least_eng = {EW{1'b0}};
    least_cnt = 3'd7;
    for (e = 0; e < NE; e = e + 1) begin
      for (s = 0; s < SLOTS; s = s + 1)
        if (slot_valid[e*SLOTS+s] && slot_flow[(e*SLOTS+s)*FLOW_W +: FLOW_W] == in_flow_i) begin
          match_any = 1'b1;
          match_eng = e[EW-1:0];
        end
      if (slot_cnt[e*3 +: 3] < least_cnt) begin
        least_cnt = slot_cnt[e*3 +: 3];
        least_eng = e[EW-1:0];
      end
    end
    tgt = disp_busy_q ? disp_eng_q : (match_any ? match_eng : least_eng);
  end

  reg [2:0] tgt_cnt;
  always @(*) begin
    tgt_cnt = 3'd0;
    for (e = 0; e < NE; e = e + 1)
      if (tgt == e[EW-1:0])
        tgt_cnt = slot_cnt[e*3 +: 3];
  end
  wire tgt_room = disp_busy_q || (tgt_cnt < SLOTS[2:0] && !desc_full[tgt]);
  assign in_ready_o = init_done && tgt_room && !in_full[tgt];
  wire in_fire = in_valid_i && in_ready_o;

  generate
    genvar ge;
    for (ge = 0; ge < NE; ge = ge + 1) begin : g_push
      assign in_push[ge]   = in_fire && tgt == ge;
      assign desc_push[ge] = in_fire && !disp_busy_q && tgt == ge;
    end
  endgenerate

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      disp_busy_q <= 1'b0;
      disp_eng_q  <= {EW{1'b0}};
      disp_left_q <= 14'd0;
      framing_err_q <= 1'b0;
    end else if (in_fire) begin
      disp_busy_q <= !beat_last;
      disp_eng_q  <= tgt;
      disp_left_q <= (disp_busy_q ? disp_left_q : in_beats) - 14'd1;
      if (in_last_i != beat_last)
        framing_err_q <= 1'b1;
    end
  end

  // ---------------------------------------------------------------------
  // Output arbiter: whole results, round robin over engines with one ready.
  reg              out_busy_q, out_busy_d;
  reg  [EW-1:0]    out_eng_q, out_eng_d;
  reg  [13:0]      out_beats_q, out_beats_d;
  // Selections by engine index are written as AND-OR loops over constant
  // part-selects: a variable part-select (x[k*W +: W]) becomes a barrel
  // shifter in yosys, tens of thousands of LUTs for these widths.
  reg  [RES_W-1:0] oh;
  reg  [63:0]      od_sel;
  integer q;
  always @(*) begin
    oh     = {RES_W{1'b0}};
    od_sel = 64'd0;
    for (q = 0; q < NE; q = q + 1)
      if (out_eng_q == q[EW-1:0]) begin
        oh     = res_head[q*RES_W +: RES_W];
        od_sel = od_head[q*64 +: 64];
      end
  end
  wire [15:0]      oh_len = oh[15:0];

  assign {out_tag_o, out_flow_o, out_op_o, out_status_o, out_flags_o, out_ccount_o, out_len_o} = oh;
  assign out_valid_o = out_busy_q && (oh_len == 16'd0 || od_valid[out_eng_q]);
  assign out_data_o  = (oh_len == 16'd0) ? 64'd0 : od_sel;
  assign out_last_o  = out_beats_q == 14'd1;
  wire out_fire = out_valid_o && out_ready_i;

  // Waiver: the low bits are dropped on purpose (beats = ceil(len / 8)).
  /* verilator lint_off UNUSEDSIGNAL */
  reg [16:0] nb_sum;
  /* verilator lint_on UNUSEDSIGNAL */
  reg [EW-1:0] pick;
  reg          pick_any;
  reg [15:0]   pick_len;
  /* verilator lint_off UNUSEDSIGNAL */
  reg [31:0]   pidx;           // waiver: round-robin index arithmetic, low bits used
  /* verilator lint_on UNUSEDSIGNAL */
  integer k;
  always @(*) begin
    out_busy_d  = out_busy_q;
    out_eng_d   = out_eng_q;
    out_beats_d = out_beats_q;
    pick        = out_eng_q;
    pick_any    = 1'b0;
    pidx        = 32'd0;
    nb_sum      = 17'd0;
    for (k = NE; k >= 1; k = k - 1) begin
      // (out_eng_q + k) mod NE without a divider: one conditional subtract
      pidx = {{(32-EW){1'b0}}, out_eng_q} + k;
      if (pidx >= NE)
        pidx = pidx - NE;
      if (res_valid[pidx]) begin
        pick     = pidx[EW-1:0];
        pick_any = 1'b1;
      end
    end
    pick_len = 16'd0;
    for (k = 0; k < NE; k = k + 1)
      if (pick == k[EW-1:0])
        pick_len = res_head[k*RES_W +: 16];
    if (!out_busy_q) begin
      if (pick_any) begin
        out_busy_d  = 1'b1;
        out_eng_d   = pick;
        nb_sum      = {1'b0, pick_len} + 17'd7;
        out_beats_d = (pick_len == 16'd0) ? 14'd1 : nb_sum[16:3];
      end
    end else if (out_fire) begin
      out_beats_d = out_beats_q - 14'd1;
      if (out_beats_q == 14'd1)
        out_busy_d = 1'b0;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_busy_q  <= 1'b0;
      out_eng_q   <= {EW{1'b0}};
      out_beats_q <= 14'd0;
    end else begin
      out_busy_q  <= out_busy_d;
      out_eng_q   <= out_eng_d;
      out_beats_q <= out_beats_d;
    end
  end

  // ---------------------------------------------------------------------
  // Engines with their buffers and in-flight lists
  wire [FLOW_W-1:0] lock_flow;
  reg               lock_busy;
  always @(*) begin
    lock_busy = 1'b0;
    for (e = 0; e < NE * SLOTS; e = e + 1)
      if (slot_valid[e] && slot_flow[e*FLOW_W +: FLOW_W] == lock_flow)
        lock_busy = 1'b1;
  end

  generate
    for (ge = 0; ge < NE; ge = ge + 1) begin : g_eng
      wire [DESC_W-1:0] d_head;
      wire              d_valid, d_pop;
      wire [63:0]       i_head;
      wire              i_valid, i_pop;
      wire              o_we, o_full;
      wire [63:0]       o_data;
      wire              r_valid, r_ready, r_full;
      wire [RES_W-1:0]  r_data;
      wire [TAG_W-1:0]  r_tag;
      wire [FLOW_W-1:0] r_flow;
      // Waiver: IDs >= NUM_FLOWS never reach the bus (the engine answers
      // BAD_FLOW first), so only the low FB bits address the RAMs.
      /* verilator lint_off UNUSEDSIGNAL */
      wire [FLOW_W-1:0] e_bus_flow;
      /* verilator lint_on UNUSEDSIGNAL */
      wire [3:0]        r_op, r_status;
      wire [7:0]        r_flags;
      wire [11:0]       r_cc;
      wire [15:0]       r_len;

      fifo_fwft #(.DW(DESC_W), .AW(2)) u_desc (
        .clk_i, .rst_ni,
        .wr_en_i (desc_push[ge]), .wr_data_i ({in_tag_i, in_flow_i, in_op_i, in_len_i}),
        .full_o (desc_full[ge]),
        .rd_en_i (d_pop), .rd_data_o (d_head), .rd_valid_o (d_valid)
      );
      fifo_fwft #(.DW(64), .AW(IN_FIFO_AW)) u_in (
        .clk_i, .rst_ni,
        .wr_en_i (in_push[ge]), .wr_data_i (in_data_i), .full_o (in_full[ge]),
        .rd_en_i (i_pop), .rd_data_o (i_head), .rd_valid_o (i_valid)
      );

      mppe_engine #(.NUM_FLOWS(NUM_FLOWS), .TAG_W(TAG_W), .FLOW_W(FLOW_W), .RC4_BRAM(RC4_BRAM),
                    .SMALL(SMALL)) u_engine (
        .clk_i, .rst_ni,
        .desc_valid_i (d_valid), .desc_ready_o (d_pop),
        .desc_tag_i  (d_head[DESC_W-1 -: TAG_W]),
        .desc_flow_i (d_head[16+4 +: FLOW_W]),
        .desc_op_i   (d_head[16 +: 4]),
        .desc_len_i  (d_head[15:0]),
        .in_valid_i (i_valid), .in_data_i (i_head), .in_pop_o (i_pop),
        .out_we_o (o_we), .out_data_o (o_data), .out_space_i (!o_full),
        .res_valid_o (r_valid), .res_ready_i (r_ready),
        .res_tag_o (r_tag), .res_flow_o (r_flow), .res_op_o (r_op), .res_status_o (r_status),
        .res_flags_o (r_flags), .res_ccount_o (r_cc), .res_len_o (r_len),
        .bus_req_o (m_req[ge]), .bus_gnt_i (m_gnt[ge]),
        .bus_flow_o (e_bus_flow),
        .ctx_en_o (m_ctx_en[ge]), .ctx_we_o (m_ctx_we[ge]), .ctx_addr_o (m_ctx_addr[ge*4 +: 4]),
        .ctx_wdata_o (m_ctx_wdata[ge*64 +: 64]), .ctx_rdata_i (m_ctx_rdata[ge*64 +: 64]),
        .sb_en_o (m_sb_en[ge]), .sb_we_o (m_sb_we[ge]), .sb_addr_o (m_sb_addr[ge*5 +: 5]),
        .sb_wdata_o (m_sb_wdata[ge*64 +: 64]), .sb_rdata_i (m_sb_rdata[ge*64 +: 64])
      );
      assign m_flow[ge*FB +: FB] = e_bus_flow[FB-1:0];
      assign engine_busy_o[ge] = d_valid || !d_pop;

      fifo_fwft #(.DW(64), .AW(OUT_FIFO_AW)) u_out (
        .clk_i, .rst_ni,
        .wr_en_i (o_we), .wr_data_i (o_data), .full_o (o_full),
        .rd_en_i (od_pop[ge]), .rd_data_o (od_head[ge*64 +: 64]), .rd_valid_o (od_valid[ge])
      );
      assign r_data  = {r_tag, r_flow, r_op, r_status, r_flags, r_cc, r_len};
      assign r_ready = !r_full;
      fifo_fwft #(.DW(RES_W), .AW(2)) u_res (
        .clk_i, .rst_ni,
        .wr_en_i (r_valid && r_ready), .wr_data_i (r_data), .full_o (r_full),
        .rd_en_i (res_pop[ge]), .rd_data_o (res_head[ge*RES_W +: RES_W]), .rd_valid_o (res_valid[ge])
      );
      assign od_pop[ge]  = out_fire && out_eng_q == ge && oh_len != 16'd0;
      assign res_pop[ge] = out_fire && out_eng_q == ge && out_last_o;

      // In-flight list: the flows of the operations this engine holds.
      reg [SLOTS*FLOW_W-1:0] sf_q, sf_d;
      reg [SLOTS-1:0]        sv_q, sv_d;
      reg                    done_push, done_pop;
      reg [2:0]              cnt;
      integer i;
      always @(*) begin
        sf_d = sf_q;
        sv_d = sv_q;
        done_pop = 1'b0;
        done_push = 1'b0;
        cnt = 3'd0;
        for (i = 0; i < SLOTS; i = i + 1) begin
          if (sv_q[i]) cnt = cnt + 3'd1;
          if (res_pop[ge] && !done_pop && sv_q[i] && sf_q[i*FLOW_W +: FLOW_W] == out_flow_o) begin
            sv_d[i]  = 1'b0;
            done_pop = 1'b1;
          end
        end
        for (i = 0; i < SLOTS; i = i + 1)
          if (desc_push[ge] && !done_push && !sv_d[i]) begin
            sv_d[i] = 1'b1;
            sf_d[i*FLOW_W +: FLOW_W] = in_flow_i;
            done_push = 1'b1;
          end
      end
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) sv_q <= {SLOTS{1'b0}};
        else         sv_q <= sv_d;
      end
      always @(posedge clk_i) sf_q <= sf_d;
      assign slot_flow[ge*SLOTS*FLOW_W +: SLOTS*FLOW_W] = sf_q;
      assign slot_valid[ge*SLOTS +: SLOTS] = sv_q;
      assign slot_cnt[ge*3 +: 3] = cnt;
    end
  endgenerate

  // ---------------------------------------------------------------------
  // Context port (bus master NE)
  wire [FB-1:0] cp_flow;
  mppe_ctx_port #(.NUM_FLOWS(NUM_FLOWS), .FLOW_W(FLOW_W), .FB(FB)) u_ctx_port (
    .clk_i, .rst_ni,
    .init_done_o (init_done),
    .req_valid_i (ctx_req_valid_i), .req_ready_o (ctx_req_ready_o),
    .req_i (ctx_req_i),
    .rsp_valid_o (ctx_rsp_valid_o), .rsp_ready_i (ctx_rsp_ready_i), .rsp_o (ctx_rsp_o),
    .lock_flow_o (lock_flow), .flow_busy_i (lock_busy),
    .bus_req_o (m_req[NE]), .bus_gnt_i (m_gnt[NE]),
    .bus_flow_o (cp_flow),
    .ctx_en_o (m_ctx_en[NE]), .ctx_we_o (m_ctx_we[NE]), .ctx_addr_o (m_ctx_addr[NE*4 +: 4]),
    .ctx_wdata_o (m_ctx_wdata[NE*64 +: 64]), .ctx_rdata_i (m_ctx_rdata[NE*64 +: 64]),
    .sb_en_o (m_sb_en[NE]), .sb_we_o (m_sb_we[NE]), .sb_addr_o (m_sb_addr[NE*5 +: 5])
  );
  assign m_flow[NE*FB +: FB] = cp_flow;
  assign m_sb_wdata[NE*64 +: 64] = 64'd0;
  assign ready_o = init_done;
  assign in_framing_error_o = framing_err_q;

  // ---------------------------------------------------------------------
  // Context RAM banks: flow f lives in bank f mod NB, at index f / NB. Each
  // bank has its own round-robin arbiter; a master keeps a bank while it
  // requests it (a whole load or store burst), so engines working on flows
  // of different banks use the RAMs at the same time. One bank (NB = 1) is
  // for one engine: its only other master, the context port, waits anyway
  // while the engine holds the flow; on the iCE40 each bank's two RAMs are
  // 4 block RAMs apiece, whatever their depth (64 bits wide).
  wire [NB*NM-1:0] bank_gnt;
  wire [NB*64-1:0] bank_ctx_rdata, bank_sb_rdata;

  generate
    genvar gm, gb;
    for (gm = 0; gm < NM; gm = gm + 1) begin : g_master
      wire [BBW-1:0] bank = (NB == 1) ? {BBW{1'b0}} : m_flow[gm*FB +: BBW];
      reg           gnt;
      reg  [63:0]   ctx_rd, sb_rd;
      integer b;
      always @(*) begin
        gnt    = 1'b0;
        ctx_rd = 64'd0;
        sb_rd  = 64'd0;
        for (b = 0; b < NB; b = b + 1)
          if (bank == b[BBW-1:0]) begin
            gnt    = bank_gnt[b*NM + gm];
            ctx_rd = bank_ctx_rdata[b*64 +: 64];
            sb_rd  = bank_sb_rdata[b*64 +: 64];
          end
      end
      assign m_gnt[gm] = gnt;
      assign m_ctx_rdata[gm*64 +: 64] = ctx_rd;
      assign m_sb_rdata[gm*64 +: 64]  = sb_rd;
    end

    for (gb = 0; gb < NB; gb = gb + 1) begin : g_bank
      reg  [MW-1:0] owner_q, owner_d;
      reg           owned_q, owned_d;
      reg  [NM-1:0] req;
      integer m;
      // Waiver: round-robin index arithmetic, low bits used.
      /* verilator lint_off UNUSEDSIGNAL */
      reg  [31:0]   midx;
      /* verilator lint_on UNUSEDSIGNAL */
      always @(*) begin
        for (m = 0; m < NM; m = m + 1)
          req[m] = m_req[m] && (NB == 1 || m_flow[m*FB +: BBW] == gb);
        owner_d = owner_q;
        owned_d = owned_q && req[owner_q];
        midx    = 32'd0;
        if (!owned_d) begin
          for (m = NM; m >= 1; m = m - 1) begin
            midx = {{(32-MW){1'b0}}, owner_q} + m;   // mod NM, no divider
            if (midx >= NM)
              midx = midx - NM;
            if (req[midx]) begin
              owner_d = midx[MW-1:0];
              owned_d = 1'b1;
            end
          end
        end
      end
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          owner_q <= NE[MW-1:0];   // the context port wipes first
          owned_q <= 1'b0;
        end else begin
          owner_q <= owner_d;
          owned_q <= owned_d;
        end
      end
      for (gm = 0; gm < NM; gm = gm + 1) begin : g_gnt
        assign bank_gnt[gb*NM + gm] = owned_q && owner_q == gm && req[gm];
      end

      // the owner's bus signals
      reg              c_en, c_we, s_en, s_we;
      reg  [FB-1:0]    o_flow;
      reg  [3:0]       c_addr;
      reg  [4:0]       s_addr;
      reg  [63:0]      c_wd, s_wd;
      always @(*) begin
        c_en = 1'b0; c_we = 1'b0; s_en = 1'b0; s_we = 1'b0;
        o_flow = {FB{1'b0}}; c_addr = 4'd0; s_addr = 5'd0; c_wd = 64'd0; s_wd = 64'd0;
        for (m = 0; m < NM; m = m + 1)
          if (owner_q == m[MW-1:0]) begin
            c_en   = owned_q && req[m] && m_ctx_en[m];
            c_we   = m_ctx_we[m];
            s_en   = owned_q && req[m] && m_sb_en[m];
            s_we   = m_sb_we[m];
            o_flow = m_flow[m*FB +: FB];
            c_addr = m_ctx_addr[m*4 +: 4];
            s_addr = m_sb_addr[m*5 +: 5];
            c_wd   = m_ctx_wdata[m*64 +: 64];
            s_wd   = m_sb_wdata[m*64 +: 64];
          end
      end
      // Waiver: the low BB bits of the flow ID select the bank itself.
      /* verilator lint_off UNUSEDSIGNAL */
      wire [FB-1:0]    o_flow_w = o_flow;
      /* verilator lint_on UNUSEDSIGNAL */
      wire [FB-BB-1:0] index = o_flow_w[FB-1:BB];
      ram_sp #(.DW(64), .AW(FB - BB + 4)) u_ctx_ram (
        .clk_i, .en_i (c_en), .we_i (c_we), .addr_i ({index, c_addr}),
        .wdata_i (c_wd), .rdata_o (bank_ctx_rdata[gb*64 +: 64])
      );
      ram_sp #(.DW(64), .AW(FB - BB + 5)) u_sb_ram (
        .clk_i, .en_i (s_en), .we_i (s_we), .addr_i ({index, s_addr}),
        .wdata_i (s_wd), .rdata_o (bank_sb_rdata[gb*64 +: 64])
      );
    end
  endgenerate

endmodule

`default_nettype wire
