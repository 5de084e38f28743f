// The engine farm (issue 15, docs/rtl-engine.md "The engine farm"): many
// small RC4 lanes (hdl/mppe_lane.v: a block-RAM RC4 core and a packet
// buffer each) fed by a shared pool of key-change units
// (hdl/mppe_keyunit.v), for STATELESS TRANSMIT flows only: every packet
// changes the flow's key (RFC 3078 7.1) and is encrypted with the new key,
// byte for byte what mppe_flow_encrypt() of driver/mppe_flow.c does for a
// stateless transmit flow. Receive, stateful flows, CCP resets and the
// flow counters are the engine's (hdl/mppe_engine.v), not the farm's (yet).
//
// A packet:
//   loader     descriptor + data words into the lowest free lane; the
//              checks mppe_flow_encrypt makes on the packet (short, too
//              long, protocol) noted; the lane queued for its key
//   dispatch   in arrival order: the queue's head waits while a unit works
//              on its flow (a flow's keys change one after the other), reads
//              the flow's context (its dir and validity: BAD_FLOW), starts
//              an idle unit on the flow's session key
//   writeback  one finished unit a clock: new key and count into the
//              context, key to the packet's lane, which runs its key schedule
//              and encrypts
//   output     the full lanes in turn: the result descriptor, then (status
//              OK) the ciphertext words
// Packets of different flows finish out of order (another lane); the
// results of one flow leave in arrival order (a full lane waits for the
// lanes its flow held when it was loaded), as mppe_top's and the engine API
// (mppe/engine.h) promise: a stateless receiver takes a count behind the
// last one for a late packet and drops it (RFC 3078 section 3.1's count,
// Linux ppp_mppe's "late packet"), so encrypting in order and sending out
// of order would lose packets.
//
// Streams (64-bit words, valid/ready):
//   in:  descriptor {28'd0, op[3:0], flow[15:0], 4'd0, len[11:0]}, then
//        ceil(len/8) words of plaintext (protocol + data; octet 8w + b in
//        bits [8b+7:8b] of word w). op must be MPPE_OP_ENCRYPT (else
//        BAD_OP); len 0..4095 (data beyond 2048 octets is dropped,
//        TOO_LONG).
//   out: descriptor {8'd0, hdr1, hdr0, 4'd0, status[3:0], flow[15:0],
//        4'd0, len[11:0]}; with status OK ceil(len/8) ciphertext words
//        follow (the MPPE header, hdr0 hdr1, is in the descriptor).
//   in_tag_i is taken with the descriptor and returned on out_tag_o with
//   every word of the packet's result (the card's hif matches by tag).
// Context port: the engine's (contract/mppe_ctx_bus.txt, mppe_ctx_port.v),
// so the card's management core drives mppe_top and the farm alike. Every
// flow is kept (its mode and direction; CREATE of a live flow, DESTROY or
// READ of a free one: BAD_FLOW; a key length other than 40/56/128 or
// command 0: BAD_OP, as mppe_ctx_port), so the two answer alike; only a
// stateless transmit flow is encrypted here (any other: BAD_FLOW). CREATE
// and DESTROY wait while a lane holds the flow. READ returns what the farm
// did for the flow: packets, octets, key changes (one a packet, RFC 3078
// 7.1) and the next count; the other counters are the engine's. Counts are
// those of mppe_flow_init: the state holds the last count, first_cc - 1.
`default_nettype none
`include "mppe_ctx_bus.vh"

module mppe_farm #(
  parameter integer LANES     = 4,
  parameter integer UNITS     = 2,     // key-change channels (a multiple of UNIT_CH)
  parameter integer UNIT_CH   = 1,     // channels per key unit (one SHA-1 core each)
  parameter integer NUM_FLOWS = 64,    // a power of two
  parameter integer TAG_W     = 16,
  // the RC4 cores (rc4_ks.v DUAL): 1 on both block-RAM ports (rc4_dp: 2
  // clocks an octet, 388 a key schedule, ~28% more LUTs a lane), 0
  // rc4_bram (3 and 515). A channel on rc4_dp mostly waits for its share
  // of the SHA-1 core instead; LiteFury sets both 0 (its LUT budget:
  // docs/hardware.md "The lanes on both block-RAM ports")
  parameter [0:0]   LANE_RC4_DUAL = 1'b1,
  parameter [0:0]   UNIT_RC4_DUAL = 1'b0
) (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         in_valid_i,
  output wire         in_ready_o,
  input  wire [63:0]  in_data_i,
  input  wire [TAG_W-1:0] in_tag_i,
  output wire         out_valid_o,
  input  wire         out_ready_i,
  output wire [63:0]  out_data_o,
  output wire [TAG_W-1:0] out_tag_o,
  // context port (contract/mppe_ctx_bus.txt)
  input  wire         ctx_req_valid_i,
  output wire         ctx_req_ready_o,
  input  wire [`MPPE_CTX_REQ_W-1:0] ctx_req_i,
  output wire         ctx_rsp_valid_o,
  input  wire         ctx_rsp_ready_i,
  output reg  [`MPPE_CTX_RSP_W-1:0] ctx_rsp_o
);

`include "mppe_codes.vh"

  localparam integer FW = (NUM_FLOWS > 1) ? $clog2(NUM_FLOWS) : 1;
  localparam integer LW = (LANES > 1) ? $clog2(LANES) : 1;
  localparam integer UW = (UNITS > 1) ? $clog2(UNITS) : 1;

  // ------------------------------------------------------------ contexts
  // A: written by CREATE only; B: by CREATE and the units' write-backs.
  // valid in flip-flops: reset clears every flow (the RAMs hold garbage).
  // {stateful, dir, kb, start key}
  (* ram_style = "block" *) reg [131:0] ctx_a [0:NUM_FLOWS-1];
  // {octets, packets, keyed, ccount, session key}
  (* ram_style = "block" *) reg [268:0] ctx_b [0:NUM_FLOWS-1];
  reg  [NUM_FLOWS-1:0] valid_q;
  reg  [131:0] ca_q;
  reg  [268:0] cb_q;
  reg          cv_q;
  reg  [FW-1:0] c_ra;
  reg          cb_we;
  reg  [FW-1:0] cb_wa;
  reg  [268:0] cb_wd;
  wire         ctx_take;             // CREATE / DESTROY written this clock
  wire         cr_read;              // READ: the context read port this clock
  reg          cr_create_q;          // the command: CREATE (else DESTROY / READ)
  reg  [FW-1:0] cr_flow_q;
  reg  [131:0] cr_a_q;               // CREATE: ctx_a's word
  reg  [11:0]  cr_fcc_q;
  always @(posedge clk_i) begin
    if (ctx_take)
      // DESTROY wipes the start key (and the session key, ctx_b below)
      ctx_a[cr_flow_q] <= cr_create_q ? cr_a_q : 132'd0;
    if (cb_we)
      ctx_b[cb_wa] <= cb_wd;
    ca_q <= ctx_a[c_ra];
    cb_q <= ctx_b[c_ra];
    cv_q <= valid_q[c_ra];
  end

  // ------------------------------------------------------------ lanes
  reg  [LANES-1:0] l_wr, l_loaded, l_go, l_skip, l_free;
  wire [LANES-1:0] l_isfree, l_full;
  // Waiver: the farm knows which lanes wait (its queue and units).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [LANES-1:0] l_waiting;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [63:0]      l_rd [0:LANES-1];
  reg  [7:0]       wr_addr, rd_addr;
  reg  [11:0]      ld_len;
  reg  [127:0]     go_key;
  reg  [4:0]       go_klen;
  // per lane: the packet's flow, tag, status and header
  reg  [15:0]      lf_q [0:LANES-1];
  reg  [TAG_W-1:0] lt_q [0:LANES-1];
  reg  [11:0]      ll_q [0:LANES-1];
  reg  [3:0]       ls_q [0:LANES-1];
  reg  [11:0]      lc_q [0:LANES-1];

  // the lanes two by two, each pair's buffers in one block RAM
  // (hdl/mppe_lane_pair.v; the last lane alone when LANES is odd)
  reg  [LANES-1:0] l_rden;
  // a lane of the lane's pair has the buffer's write / read port this clock
  // (the farm's own word waits a clock)
  wire [LANES-1:0] l_wbusy, l_rbusy;
  genvar g;
  generate
    for (g = 0; g < LANES; g = g + 2) begin : g_pair
      localparam integer PN = (g + 1 < LANES) ? 2 : 1;
      wire [63:0] prd;
      wire        pwb, prb;
      mppe_lane_pair #(.N (PN), .RC4_DUAL (LANE_RC4_DUAL)) u_pair (
        .clk_i, .rst_ni,
        .wr_en_i (l_wr[g +: PN]), .wr_addr_i (wr_addr), .wr_data_i (in_data_i),
        .loaded_i (l_loaded[g +: PN]),
        .go_i (l_go[g +: PN]), .skip_i (l_skip[g +: PN]), .key_i (go_key), .key_len_i (go_klen),
        .len_i (ld_len),
        .rd_en_i (l_rden[g +: PN]), .rd_addr_i (rd_addr), .rd_data_o (prd), .free_i (l_free[g +: PN]),
        .free_o (l_isfree[g +: PN]), .waiting_o (l_waiting[g +: PN]), .full_o (l_full[g +: PN]),
        .wbusy_o (pwb), .rbusy_o (prb)
      );
      assign l_rd[g] = prd;
      assign l_wbusy[g] = pwb;
      assign l_rbusy[g] = prb;
      if (PN > 1) begin : g_second
        assign l_rd[g + 1] = prd;
        assign l_wbusy[g + 1] = pwb;
        assign l_rbusy[g + 1] = prb;
      end
    end
  endgenerate

  // ------------------------------------------------------------ units
  reg  [UNITS-1:0] u_start, u_ack;
  wire [UNITS-1:0] u_idle, u_done;
  wire [127:0]     u_key [0:UNITS-1];
  reg              us_init;
  reg  [127:0]     us_key, us_sk;
  reg  [1:0]       us_kb;
  reg  [FW-1:0]    uf_q [0:UNITS-1];     // the unit's flow
  reg  [LW-1:0]    ul_q [0:UNITS-1];     // its packet's lane
  reg  [11:0]      uc_q [0:UNITS-1];     // the packet's count
  reg  [1:0]       uk_q [0:UNITS-1];     // key bits
  reg  [127:0]     un_q [0:UNITS-1];     // the flow's {octets, packets} with the packet's

  // the units: UNITS / UNIT_CH, channel c of unit k is farm unit k * UNIT_CH + c
  generate
    for (g = 0; g < UNITS / UNIT_CH; g = g + 1) begin : g_unit
      wire [128*UNIT_CH-1:0] keys;
      mppe_keyunit #(.CH (UNIT_CH), .RC4_DUAL (UNIT_RC4_DUAL)) u_unit (
        .clk_i, .rst_ni,
        .start_i (u_start[g*UNIT_CH +: UNIT_CH]), .init_i (us_init), .key_i (us_key),
        .start_key_i (us_sk), .kb_i (us_kb),
        .idle_o (u_idle[g*UNIT_CH +: UNIT_CH]), .done_o (u_done[g*UNIT_CH +: UNIT_CH]),
        .ack_i (u_ack[g*UNIT_CH +: UNIT_CH]), .key_o (keys)
      );
      genvar c;
      for (c = 0; c < UNIT_CH; c = c + 1) begin : g_ch
        assign u_key[g*UNIT_CH + c] = keys[128*c +: 128];
      end
    end
  endgenerate

  // ------------------------------------------------------------ loader
  reg          ld_busy_q;            // taking a packet's data words
  reg  [LW-1:0] ld_lane_q;
  reg  [9:0]   ld_left_q;            // words still to come
  reg  [7:0]   ld_w_q;               // next word index
  reg  [11:0]  ld_len_q;
  reg  [3:0]   ld_st_q;

  reg          ld_zero_q;            // took a descriptor without data last clock
  // The lane the next descriptor goes to, chosen a clock ahead (fl_*_q):
  // the lowest free lane, a priority encoder over the lanes, was the
  // farm's longest path (14 levels, 18.80 ns at 29 lanes) when the
  // descriptor's writes and the lane's phase enable came after it. A lane
  // being loaded is still free until its last word, so it is left out; a
  // lane freed this clock is chosen a clock later. The lane a descriptor
  // without data took stays in fl_idx_q for a clock (its free bit falls
  // next clock): ld_zero_q holds the input for that clock (SHORT only).
  reg          fl_any_q;
  reg  [LW-1:0] fl_idx_q;
  reg          fl_any;
  reg  [LW-1:0] fl_idx;
  integer i;
  always @(*) begin
    fl_any = 1'b0; fl_idx = {LW{1'b0}};
    for (i = LANES - 1; i >= 0; i = i - 1)
      if (l_isfree[i] && !(ld_busy_q && ld_lane_q == i[LW-1:0])) begin
        fl_any = 1'b1; fl_idx = i[LW-1:0];
      end
  end
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) fl_any_q <= 1'b0;
    else         fl_any_q <= fl_any;
  end
  always @(posedge clk_i)
    fl_idx_q <= fl_idx;

  wire [11:0] d_len   = in_data_i[11:0];
  wire [3:0]  d_op    = in_data_i[35:32];
  wire [9:0]  d_words = d_len[11:3] + {8'd0, |d_len[2:0]};
  // mppe_flow_encrypt's checks in its order (BAD_FLOW, the first, comes
  // at dispatch with the context); BAD_OP is the card's
  wire [3:0]  d_st    = (d_op != `MPPE_OP_ENCRYPT) ? `MPPE_ERR_BAD_OP :
                        (d_len < 12'd2)            ? `MPPE_ERR_SHORT :
                        (d_len > 12'd2048)         ? `MPPE_ERR_TOO_LONG : `MPPE_OK;
  // RFC 3078 section 3: protocols 0x0021..0x00fa (odd) only
  wire [15:0] proto   = {in_data_i[7:0], in_data_i[15:8]};
  wire        carried = proto >= 16'h0021 && proto <= 16'h00fa && proto[0];

  // (the queue has room whenever a lane is free: it holds only loaded lanes)
  // A data word waits while the other lane of the loaded lane's pair has the
  // buffer's write port (hdl/mppe_lane_pair.v).
  wire ld_take = ld_busy_q && in_valid_i && !l_wbusy[ld_lane_q];
  assign in_ready_o = ld_busy_q ? !l_wbusy[ld_lane_q] : (fl_any_q && !ld_zero_q);

  // ------------------------------------------------------------ queue
  // lanes waiting for a key, in arrival order
  reg  [LW-1:0] q_mem [0:LANES-1];
  reg  [LW:0]   q_n;
  reg  [LW-1:0] q_rd, q_wr;
  reg           q_push, q_pop;
  reg  [LW-1:0] q_in;
  wire [LW-1:0] q_head = q_mem[q_rd];

  // ------------------------------------------------------------ dispatch
  reg          d1_q;                 // context read under way
  reg  [LW-1:0] d1_lane_q;
  reg  [UW-1:0] d1_unit_q;
  reg          iu_any, locked;
  reg  [UW-1:0] iu_idx;
  // Waiver: the head's flow only addresses the context (an out-of-range
  // flow reads some context, then gets BAD_FLOW at d1).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0]  h_flow_w = lf_q[q_head];
  /* verilator lint_on UNUSEDSIGNAL */
  wire [FW-1:0] h_flow = h_flow_w[FW-1:0];
  always @(*) begin
    iu_any = 1'b0; iu_idx = {UW{1'b0}}; locked = 1'b0;
    for (i = UNITS - 1; i >= 0; i = i - 1) begin
      if (u_idle[i]) begin
        iu_any = 1'b1; iu_idx = i[UW-1:0];
      end else if (uf_q[i] == h_flow)
        locked = 1'b1;
    end
  end
  // (a READ has the context read port this clock)
  wire d0 = (q_n != 0) && !d1_q && iu_any && !locked && !cr_read;
  // no such flow, or not a stateless transmit flow: BAD_FLOW
  // (mppe_flow_encrypt's first check; the card steers none other here)
  wire [15:0] d1_flow = lf_q[d1_lane_q];
  wire d1_bad = !cv_q || ca_q[131] || ca_q[130] || (d1_flow >> FW) != 16'd0;

  // ------------------------------------------------------------ write-back
  reg          wb_any;
  reg  [UW-1:0] wb_idx;
  always @(*) begin
    wb_any = 1'b0; wb_idx = {UW{1'b0}};
    for (i = UNITS - 1; i >= 0; i = i - 1)
      if (u_done[i]) begin
        wb_any = 1'b1; wb_idx = i[UW-1:0];
      end
  end

  // ------------------------------------------------------------ context port
  localparam [1:0] C_IDLE = 2'd0, C_EXEC = 2'd1, C_READ = 2'd2, C_RSP = 2'd3;
  reg  [1:0]   c_q;
  reg  [1:0]   cr_cmd_q;
  reg  [15:0]  cr_flow_w_q;
  reg          cr_kb_ok_q;
  wire [1:0]   rq_cmd  = ctx_req_i[`MPPE_CTX_REQ_CMD];
  wire [7:0]   rq_bits = ctx_req_i[`MPPE_CTX_REQ_KEY_BITS];
  // Waiver: the receive parameters are the engine's (no receive flow here).
  /* verilator lint_off UNUSEDSIGNAL */
  wire         rq_rx_only = ^{ctx_req_i[`MPPE_CTX_REQ_MAX_REKEYS], ctx_req_i[`MPPE_CTX_REQ_ACCEPT_PFC_LSB]};
  /* verilator lint_on UNUSEDSIGNAL */
  wire         rq_kb_ok = rq_bits == 8'd40 || rq_bits == 8'd56 || rq_bits == 8'd128;
  // mppe_ctx_port's refusals, in its order, then the flow's liveness
  wire [3:0]   cr_st = (cr_cmd_q == 2'd0 || (cr_cmd_q == `MPPE_CTX_CREATE && !cr_kb_ok_q)) ? `MPPE_ERR_BAD_OP :
                       (cr_flow_w_q >> FW) != 16'd0 ? `MPPE_ERR_BAD_FLOW :
                       (cr_cmd_q == `MPPE_CTX_CREATE) == valid_q[cr_flow_q] ? `MPPE_ERR_BAD_FLOW : `MPPE_OK;
  // a lane holds the flow: loaded (or being loaded) and its result not out
  reg          held;
  always @(*) begin
    held = ld_busy_q && lf_q[ld_lane_q] == cr_flow_w_q;
    for (i = 0; i < LANES; i = i + 1)
      if (!l_isfree[i] && lf_q[i] == cr_flow_w_q)
        held = 1'b1;
  end
  // CREATE / DESTROY share ctx_b's write port with the write-back, which wins
  assign ctx_take = c_q == C_EXEC && cr_st == `MPPE_OK && cr_cmd_q != `MPPE_CTX_READ && !held && !wb_any;
  assign cr_read  = c_q == C_EXEC && cr_st == `MPPE_OK && cr_cmd_q == `MPPE_CTX_READ;
  assign ctx_req_ready_o = c_q == C_IDLE;
  assign ctx_rsp_valid_o = c_q == C_RSP;

  // ------------------------------------------------------------ output
  localparam [1:0] O_IDLE = 2'd0, O_DESC = 2'd1, O_DATA = 2'd2;
  reg  [1:0]   o_q;
  reg  [LW-1:0] o_lane_q, o_rr_q;
  reg  [9:0]   o_issue_q, o_pop_q, o_words_q;
  reg  [63:0]  sk0_q, sk1_q;         // two-word queue in front of out_data_o
  reg  [1:0]   sk_n;
  reg          infl_q;               // a read issued last clock
  reg          fu_any;
  reg  [LW-1:0] fu_idx;
  // Per-flow order: pr_q[n] has bit m while lane m holds an older packet of
  // lane n's flow (set when n is loaded, cleared when m is freed); a full
  // lane is served once its bits are clear.
  reg  [LANES-1:0] pr_q [0:LANES-1];
  reg  [LANES-1:0] o_ok;
  reg  [LANES-1:0] same_flow;        // lanes holding the arriving packet's flow
  always @(*) begin
    for (i = 0; i < LANES; i = i + 1) begin
      o_ok[i] = l_full[i] && pr_q[i] == {LANES{1'b0}};
      same_flow[i] = !l_isfree[i] && lf_q[i] == in_data_i[31:16];   // (no lane is loading now)
    end
  end
  // Round robin: the lowest full lane above the last one served, else the
  // lowest full lane (two priority encoders; no modulo arithmetic on the
  // path, which was the farm's longest at 29 lanes).
  reg  [LANES-1:0] above;
  reg          fa_any;
  reg  [LW-1:0] fa_idx;
  always @(*) begin
    fu_any = 1'b0; fu_idx = {LW{1'b0}}; fa_any = 1'b0; fa_idx = {LW{1'b0}};
    for (i = LANES - 1; i >= 0; i = i - 1) begin
      above[i] = i[LW-1:0] > o_rr_q;
      if (o_ok[i]) begin
        fu_any = 1'b1; fu_idx = i[LW-1:0];
      end
      if (o_ok[i] && above[i]) begin
        fa_any = 1'b1; fa_idx = i[LW-1:0];
      end
    end
    if (fa_any)
      fu_idx = fa_idx;
  end
  wire [3:0]  o_st   = ls_q[o_lane_q];
  wire [11:0] o_cc   = lc_q[o_lane_q];
  wire [11:0] o_len  = ll_q[o_lane_q];
  wire [9:0]  o_words = o_len[11:3] + {8'd0, |o_len[2:0]};
  // RFC 3078 3.1: D (encrypted) and A (flushed: every stateless packet)
  wire [63:0] o_desc = {8'd0, o_cc[7:0], 4'h9, o_cc[11:8], 4'd0, o_st, lf_q[o_lane_q], 4'd0, o_len};
  wire        o_pop  = (o_q == O_DATA) && sk_n != 2'd0 && out_ready_i;
  assign out_valid_o = (o_q == O_DESC) || (o_q == O_DATA && sk_n != 2'd0);
  assign out_data_o  = (o_q == O_DESC) ? o_desc : sk0_q;
  assign out_tag_o   = lt_q[o_lane_q];
  wire [1:0]  sk_room = sk_n + {1'b0, infl_q} - {1'b0, o_pop};
  // (a read waits while the other lane of the pair has the read port)
  wire        o_issue = (o_q == O_DATA) && o_issue_q != o_words_q && sk_room < 2'd2 && !l_rbusy[o_lane_q];

  // ------------------------------------------------------------ control
  // A lane's or unit's bit by its number, decoded by comparisons with each
  // constant: yosys 0.23 makes an assignment to a bit at a variable index
  // (l_go[n] = 1'b1) a shift by the index's 32-bit negation, whose carry
  // chain (8 CARRY4) was on the farm's longest path (the write-back's lane
  // and unit: 16.20 ns, 12 levels, at 17 lanes and 8 units).
  function automatic [LANES-1:0] lane_bit;
    input [LW-1:0] n;
    integer j;
    begin
      for (j = 0; j < LANES; j = j + 1)
        lane_bit[j] = n == j[LW-1:0];
    end
  endfunction
  function automatic [UNITS-1:0] unit_bit;
    input [UW-1:0] n;
    integer j;
    begin
      for (j = 0; j < UNITS; j = j + 1)
        unit_bit[j] = n == j[UW-1:0];
    end
  endfunction

  always @(*) begin
    l_wr = {LANES{1'b0}}; l_loaded = {LANES{1'b0}}; l_go = {LANES{1'b0}};
    l_skip = {LANES{1'b0}}; l_free = {LANES{1'b0}};
    l_rden = o_issue ? lane_bit(o_lane_q) : {LANES{1'b0}};
    u_start = {UNITS{1'b0}}; u_ack = {UNITS{1'b0}};
    q_push = 1'b0; q_pop = 1'b0; q_in = ld_lane_q;
    wr_addr = ld_w_q;
    ld_len = (ld_busy_q && ld_st_q == `MPPE_OK) ? ld_len_q : 12'd1;
    rd_addr = o_issue_q[7:0];
    c_ra = cr_read ? cr_flow_q : h_flow;
    cb_we = 1'b0; cb_wa = cr_flow_q;
    cb_wd = {128'd0, 1'b0, cr_fcc_q - 12'd1, 128'd0};
    go_key = u_key[wb_idx]; go_klen = (uk_q[wb_idx] == 2'd2) ? 5'd16 : 5'd8;
    us_init = !cb_q[140]; us_key = cb_q[127:0]; us_sk = ca_q[127:0]; us_kb = ca_q[129:128];
    // loader
    if (ld_take) begin
      l_wr = lane_bit(ld_lane_q); // (beyond 256 words: TOO_LONG, wraps harmlessly)
      if (ld_left_q == 10'd1) begin
        l_loaded = lane_bit(ld_lane_q);
        q_push = 1'b1;
      end
    end
    if (!ld_busy_q && in_valid_i && in_ready_o && d_words == 10'd0) begin
      // a descriptor without data (len 0): queued at once (SHORT)
      q_in = fl_idx_q;
      l_loaded = l_loaded | lane_bit(fl_idx_q);
      q_push = 1'b1;
    end
    // dispatch: the context was read last clock
    if (d1_q) begin
      if (d1_bad || ls_q[d1_lane_q] != `MPPE_OK) begin
        // no encryption: the lane goes straight to the output (a write-back
        // in the same clock is another lane's)
        l_go = lane_bit(d1_lane_q); l_skip = lane_bit(d1_lane_q);
      end else begin
        u_start = unit_bit(d1_unit_q);
      end
    end
    if (d0) q_pop = 1'b1;
    // write-back of one finished unit
    if (wb_any) begin
      u_ack = unit_bit(wb_idx);
      l_go = l_go | lane_bit(ul_q[wb_idx]);
      cb_we = 1'b1; cb_wa = uf_q[wb_idx];
      cb_wd = {un_q[wb_idx], 1'b1, uc_q[wb_idx], u_key[wb_idx]};
    end else if (ctx_take) begin
      cb_we = 1'b1;                  // CREATE: not keyed, count first_cc - 1, no packets
    end
    // output
    if (o_q == O_DESC && out_ready_i && (o_st != `MPPE_OK || o_words == 10'd0))
      l_free = lane_bit(o_lane_q);
    if (o_q == O_DATA && o_pop && o_pop_q + 10'd1 == o_words_q)
      l_free = lane_bit(o_lane_q);
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ld_busy_q <= 1'b0; ld_zero_q <= 1'b0;
      q_n <= {(LW+1){1'b0}}; q_rd <= {LW{1'b0}}; q_wr <= {LW{1'b0}};
      d1_q <= 1'b0;
      o_q <= O_IDLE; o_rr_q <= {LW{1'b0}};
      sk_n <= 2'd0; infl_q <= 1'b0;
      valid_q <= {NUM_FLOWS{1'b0}};
      c_q <= C_IDLE;
    end else begin
      // loader
      ld_zero_q <= !ld_busy_q && in_valid_i && in_ready_o && d_words == 10'd0;
      if (!ld_busy_q) begin
        if (in_valid_i && in_ready_o && d_words != 10'd0)
          ld_busy_q <= 1'b1;
      end else if (ld_take && ld_left_q == 10'd1) begin
        ld_busy_q <= 1'b0;
      end
      // queue
      if (q_push) q_wr <= (q_wr == LANES[LW-1:0] - 1'b1) ? {LW{1'b0}} : q_wr + 1'b1;
      if (q_pop)  q_rd <= (q_rd == LANES[LW-1:0] - 1'b1) ? {LW{1'b0}} : q_rd + 1'b1;
      q_n <= q_n + {{LW{1'b0}}, q_push} - {{LW{1'b0}}, q_pop};
      d1_q <= d0;
      // the flow's bit by comparison with each flow number, not a write at
      // a variable index (a shifter in yosys 0.23: see lane_bit)
      for (i = 0; i < NUM_FLOWS; i = i + 1)
        if (ctx_take && cr_flow_q == i[FW-1:0])
          valid_q[i] <= cr_create_q;
      case (c_q)
        C_IDLE: if (ctx_req_valid_i) c_q <= C_EXEC;
        C_EXEC: if (cr_st != `MPPE_OK || ctx_take) c_q <= C_RSP;
                else if (cr_read) c_q <= C_READ;
        C_READ: c_q <= C_RSP;
        C_RSP:  if (ctx_rsp_ready_i) c_q <= C_IDLE;
        default: c_q <= C_IDLE;
      endcase
      // output
      infl_q <= o_issue;
      case (o_q)
        O_IDLE: if (fu_any) o_q <= O_DESC;
        O_DESC: if (out_ready_i)
          o_q <= (o_st != `MPPE_OK || o_words == 10'd0) ? O_IDLE : O_DATA;
        O_DATA: if (o_pop && o_pop_q + 10'd1 == o_words_q) o_q <= O_IDLE;
        default: o_q <= O_IDLE;
      endcase
      if (o_q == O_IDLE && fu_any) o_rr_q <= fu_idx;
      sk_n <= sk_n + {1'b0, infl_q} - {1'b0, o_pop};
    end
  end

  always @(posedge clk_i) begin
    // loader
    if (!ld_busy_q && in_valid_i && in_ready_o) begin
      ld_lane_q <= fl_idx_q;
      ld_left_q <= d_words;
      ld_w_q    <= 8'd0;
      ld_len_q  <= d_len;
      ld_st_q   <= d_st;
      lf_q[fl_idx_q] <= in_data_i[31:16];
      lt_q[fl_idx_q] <= in_tag_i;
      ll_q[fl_idx_q] <= d_len;
      ls_q[fl_idx_q] <= d_st;
    end else if (ld_take) begin
      ld_left_q <= ld_left_q - 10'd1;
      ld_w_q <= ld_w_q + 8'd1;
      if (ld_w_q == 8'd0 && ld_st_q == `MPPE_OK && !carried) begin
        ld_st_q <= `MPPE_ERR_BAD_PROTOCOL;
        ls_q[ld_lane_q] <= `MPPE_ERR_BAD_PROTOCOL;
      end
    end
    if (q_push) q_mem[q_wr] <= q_in;
    // dispatch
    if (d0) begin
      d1_lane_q <= q_head;
      d1_unit_q <= iu_idx;
    end
    if (d1_q) begin
      if (d1_bad) ls_q[d1_lane_q] <= `MPPE_ERR_BAD_FLOW;
      // the unit's operation: the packet's count is the flow's next
      uf_q[d1_unit_q] <= lf_q[d1_lane_q][FW-1:0];
      ul_q[d1_unit_q] <= d1_lane_q;
      uc_q[d1_unit_q] <= cb_q[139:128] + 12'd1;
      uk_q[d1_unit_q] <= ca_q[129:128];
      un_q[d1_unit_q] <= {cb_q[268:205] + {52'd0, ll_q[d1_lane_q]}, cb_q[204:141] + 64'd1};
    end
    // context port: the command, then the response
    if (c_q == C_IDLE) begin
      cr_cmd_q    <= rq_cmd;
      cr_create_q <= rq_cmd == `MPPE_CTX_CREATE;
      cr_flow_w_q <= ctx_req_i[`MPPE_CTX_REQ_FLOW];
      cr_flow_q   <= ctx_req_i[`MPPE_CTX_REQ_FLOW_LSB +: FW];
      cr_fcc_q    <= ctx_req_i[`MPPE_CTX_REQ_FIRST_CCOUNT];
      cr_kb_ok_q  <= rq_kb_ok;
      cr_a_q      <= {ctx_req_i[`MPPE_CTX_REQ_STATEFUL_LSB], ctx_req_i[`MPPE_CTX_REQ_DIR_LSB],
                      (rq_bits == 8'd40) ? 2'd0 : (rq_bits == 8'd56) ? 2'd1 : 2'd2,
                      ctx_req_i[`MPPE_CTX_REQ_START_KEY]};
    end
    if (c_q == C_EXEC) begin
      ctx_rsp_o <= {`MPPE_CTX_RSP_W{1'b0}};
      ctx_rsp_o[`MPPE_CTX_RSP_STATUS] <= cr_st;
    end
    if (c_q == C_READ) begin
      ctx_rsp_o[`MPPE_CTX_RSP_PACKETS]     <= cb_q[204:141];
      ctx_rsp_o[`MPPE_CTX_RSP_BYTES]       <= cb_q[268:205];
      ctx_rsp_o[`MPPE_CTX_RSP_KEY_CHANGES] <= cb_q[204:141];
      ctx_rsp_o[`MPPE_CTX_RSP_NEXT_CCOUNT] <= cb_q[139:128] + 12'd1;
      ctx_rsp_o[`MPPE_CTX_RSP_KEY_BITS]    <= (ca_q[129:128] == 2'd0) ? 8'd40 :
                                              (ca_q[129:128] == 2'd1) ? 8'd56 : 8'd128;
      ctx_rsp_o[`MPPE_CTX_RSP_STATEFUL_LSB] <= ca_q[131];
      ctx_rsp_o[`MPPE_CTX_RSP_DIR_LSB]      <= ca_q[130];
    end
    if (wb_any)
      lc_q[ul_q[wb_idx]] <= uc_q[wb_idx];
    // output
    if (o_q == O_IDLE && fu_any) begin
      o_lane_q  <= fu_idx;
      o_issue_q <= 10'd0;
      o_pop_q   <= 10'd0;
    end
    if (o_q == O_DESC)
      o_words_q <= o_words;
    if (o_issue) o_issue_q <= o_issue_q + 10'd1;
    if (o_pop)   o_pop_q   <= o_pop_q + 10'd1;
    // per-flow order (the loader's new lane takes the flow's lanes in use;
    // a lane freed this clock is no longer one)
    for (i = 0; i < LANES; i = i + 1)
      pr_q[i] <= pr_q[i] & ~l_free;
    if (!ld_busy_q && in_valid_i && in_ready_o)
      pr_q[fl_idx_q] <= same_flow & ~l_free;
    // the two-word queue: pop shifts, the read of last clock lands behind
    case ({infl_q, o_pop})
      2'b01: sk0_q <= sk1_q;
      2'b10: if (sk_n == 2'd0) sk0_q <= l_rd[o_lane_q]; else sk1_q <= l_rd[o_lane_q];
      2'b11: if (sk_n == 2'd1) sk0_q <= l_rd[o_lane_q];
             else begin sk0_q <= sk1_q; sk1_q <= l_rd[o_lane_q]; end
      default: ;
    endcase
  end

endmodule

`default_nettype wire
