// One key-change unit of the engine farm (hdl/mppe_farm.v; issue 15): CH
// channels, each a stateless packet's key change, RFC 3078 section 7.3
// (mppe_key_change() of driver/mppe_flow.c),
//   interim = the first 8 or 16 octets of SHA-1(start | 40 x 00 | key | 40 x f2)
//             (GetNewKeyFromSHA, two SHA-1 blocks),
//   new     = RC4(interim, interim), reduced to 40 or 56 bits (RFC 3079
//             2.1/2.2: the first octets set to d1 26 9e),
// sharing ONE SHA-1 core (sha1_core, 81 clocks a block).
//
// A channel is the engine's next-key unit (hdl/mppe_nextkey.v, TABLES=0:
// the farm's lanes run the key schedule of the new key themselves) with its
// own block-RAM RC4 core (rc4_ks: 2 x 256 + 3 clocks of key schedule, 3 an
// octet) for the RC4 pass over the interim key. That pass is ~563 of a
// change's ~730 clocks and costs a channel a few hundred LUTs, the SHA-1
// core ~1,500: so one core serves CH channels, each busy with it 2 x 82
// clocks a change (sim/farm measures the clocks).
//
// The SHA-1 arbiter: a channel asks with sha_start (one clock); the ask is
// kept (pend_q) until the core is free, then the lowest channel asking is
// started; the core stays that channel's until its message's second block
// is done (the second block chains from the first's digest). The block is
// built here from the granted channel's start key, key and key length (one
// gnk_msg for all channels: a multiplexer of 258 bits per channel instead
// of one of 512 plus a message per channel); mppe_nextkey's own sha_block_o
// is the same block and left unused. A waiting channel keeps the block it asked for on its
// sha_block_o (mppe_nextkey's contract), so only the ask is stored. The
// core's done goes to the channel it worked for (own_q), its digest to all.
// With CH = 1 a free core starts in the clock of the ask: the timing of a
// unit with its own core.
//
// Init: with init_i the channel first computes the flow's first session
// key (RFC 3079 3.3: GetNewKeyFromSHA(start, start), reduced, no RC4 pass;
// what mppe_flow_init() does) and then changes it once, in one operation.
//
// Use: start_i[c] while idle_o[c] with the operation's inputs (taken then:
// the farm moves on); done_o[c] holds the key in key_o[c] until ack_i[c],
// which wipes it (keys are wiped after use).
`default_nettype none

module mppe_keyunit #(
  parameter integer CH = 1,         // channels sharing the SHA-1 core
  parameter [0:0]   RC4_DUAL = 1'b1 // rc4_ks.v DUAL: the RC4 cores on both RAM ports
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  input  wire [CH-1:0]     start_i,      // begin (only while idle_o)
  input  wire              init_i,       // with start_i: first compute the first session key
  input  wire [127:0]      key_i,        // the key to change (ignored with init_i); octet n in bits [8n+7:8n]
  input  wire [127:0]      start_key_i,  // the flow's start key
  input  wire [1:0]        kb_i,         // 0: 40-bit, 1: 56-bit, 2: 128-bit keys
  output wire [CH-1:0]     idle_o,
  output wire [CH-1:0]     done_o,       // key_o is the changed key, until ack_i
  input  wire [CH-1:0]     ack_i,
  output wire [128*CH-1:0] key_o         // channel c in bits [128c+127:128c]
);

  localparam integer CW = (CH > 1) ? $clog2(CH) : 1;

  // gnk_msg (hdl/mppe_keyfn.vh, also included by mppe_nextkey).
  // Waiver: the lint reports it as hiding the channels' copies (the same
  // text), as for the engine (mppe_engine.v).
  /* verilator lint_off VARHIDDEN */
`include "mppe_keyfn.vh"
  /* verilator lint_on VARHIDDEN */

  // ------------------------------------------------------------ SHA-1
  wire [CH-1:0]  c_sha_start, c_sha_first;
  wire [127:0]   c_sk [0:CH-1];         // a channel's start key, key and key length
  wire [127:0]   c_key [0:CH-1];
  wire [1:0]     c_kb [0:CH-1];
  reg  [CH-1:0]  pend_q;               // asked, not started yet
  reg  [CW-1:0]  own_q;                // the channel the core works for
  wire           sha_busy, sha_done;
  wire [159:0]   sha_digest;
  wire [CH-1:0]  ask = pend_q | c_sha_start;
  // The core holds one chaining value: it is the owner's from its first
  // block's start to its second block's done (lock_q), and only then
  // another channel's.
  reg            lock_q, last_q;       // reserved for own_q; the block running is a second block
  reg            grant;
  reg  [CW-1:0]  gnt;
  reg  [CH-1:0]  taken;                // the ask started this clock
  integer i;
  always @(*) begin
    grant = 1'b0; gnt = {CW{1'b0}};
    if (lock_q) begin
      gnt   = own_q;
      grant = !sha_busy && ask[own_q];
    end else begin
      for (i = CH - 1; i >= 0; i = i - 1)
        if (ask[i]) begin
          grant = !sha_busy; gnt = i[CW-1:0];
        end
    end
    for (i = 0; i < CH; i = i + 1)
      taken[i] = grant && gnt == i[CW-1:0];
  end
  // GetNewKeyFromSHA(start, key) of the granted channel, the block it asks for
  wire          m_first = c_sha_first[gnt];
  wire [1023:0] m_msg   = gnk_msg(c_sk[gnt], c_key[gnt], c_kb[gnt] == 2'd2);
  wire [511:0]  m_block = m_first ? m_msg[1023:512] : m_msg[511:0];
  sha1_core u_sha1 (
    .clk_i, .rst_ni,
    .start_i (grant), .first_i (m_first), .block_i (m_block),
    .busy_o (sha_busy), .done_o (sha_done), .digest_o (sha_digest)
  );
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pend_q <= {CH{1'b0}};
      lock_q <= 1'b0;
    end else begin
      pend_q <= ask & ~taken;
      if (grant && m_first)          lock_q <= 1'b1;
      else if (sha_done && last_q)   lock_q <= 1'b0;
    end
  end
  always @(posedge clk_i)
    if (grant) begin
      own_q  <= gnt;
      last_q <= !m_first;
    end

  // ------------------------------------------------------------ channels
  genvar g;
  generate
    for (g = 0; g < CH; g = g + 1) begin : g_ch
      // the operation's start key and key length, steady until done
      // (mppe_nextkey's contract); wiped with the key at ack_i
      localparam [CW-1:0] ME = g;
      reg  [127:0] sk_q;
      reg  [1:0]   kb_q;
      wire         active, done;
      wire [127:0] key;
      wire         rb_ksa, rb_next, rb_busy, rb_rdy;
      wire [127:0] rb_key;
      wire [7:0]   rb_ks;
      // Waiver: the block is built from the channel's keys above (and
      // the core takes blocks, not words).
      /* verilator lint_off UNUSEDSIGNAL */
      wire [511:0] nk_block;
      wire         nk_blk0;
      wire [31:0]  nk_word;
      /* verilator lint_on UNUSEDSIGNAL */
      always @(posedge clk_i) begin
        if (start_i[g] && idle_o[g]) begin
          sk_q <= start_key_i;
          kb_q <= kb_i;
        end else if (ack_i[g]) begin
          sk_q <= 128'd0;
        end
      end
      mppe_nextkey #(.TABLES (1'b0)) u_nk (
        .clk_i, .rst_ni,
        .start_i (start_i[g]), .clear_i (ack_i[g]), .init_i (init_i),
        // with init_i the first pass is GetNewKeyFromSHA(start, start)
        .key_i (init_i ? start_key_i : key_i),
        .start_key_i (sk_q), .kb_i (kb_q),
        .active_o (active), .done_o (done), .key_o (key),
        .sha_start_o (c_sha_start[g]), .sha_first_o (c_sha_first[g]),
        .sha_block_o (nk_block),
        .sha_done_i (sha_done && own_q == ME), .sha_digest_i (sha_digest),
        .sha_blk0_o (nk_blk0), .sha_wn_i (5'd0), .sha_word_o (nk_word),
        .rb_ksa_o (rb_ksa), .rb_next_o (rb_next), .rb_key_o (rb_key),
        .rb_busy_i (rb_busy), .rb_rdy_i (rb_rdy), .rb_ks_i (rb_ks)
      );
      // the RC4 core is the channel's from its key schedule to the change's
      // done; else it writes its identity for the next (rc4_dp's fill)
      reg rb_on_q;
      always @(posedge clk_i or negedge rst_ni)
        if (!rst_ni)     rb_on_q <= 1'b0;
        else if (rb_ksa) rb_on_q <= 1'b1;
        else if (done)   rb_on_q <= 1'b0;
      rc4_ks #(.DUAL (RC4_DUAL)) u_rc4 (
        .clk_i, .rst_ni,
        .ksa_start_i (rb_ksa), .key_i (rb_key), .key_len_i ((kb_q == 2'd2) ? 5'd16 : 5'd8),
        .busy_o (rb_busy), .ready_o (rb_rdy), .ks_next_i (rb_next), .ks_o (rb_ks),
        .fill_i (!rb_on_q && !rb_ksa)
      );
      assign c_sk[g]   = sk_q;
      assign c_key[g]  = key;
      assign c_kb[g]   = kb_q;
      assign idle_o[g] = !active && !done;
      assign done_o[g] = done;
      assign key_o[128*g +: 128] = key;
    end
  endgenerate

`ifdef MPPE_ASSERT
  reg a_armed_q = 1'b0;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) a_armed_q <= 1'b1;
  always @(posedge clk_i)
    if (a_armed_q) begin
      assert ((start_i & ~idle_o) == {CH{1'b0}});
      assert ((ack_i & ~done_o) == {CH{1'b0}});
    end
`endif

endmodule

`default_nettype wire
