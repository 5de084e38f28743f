// The key-change unit of the MPPE engine (hdl/mppe_engine.v) and of the
// engine farm's key channels (hdl/mppe_keyunit.v): one key change (RFC 3078
// section 7.3, change_key() of driver/mppe_flow.c),
//   interim = the first 8 or 16 octets of SHA-1(start | 40 x 00 | key | 40 x f2)
//             (GetNewKeyFromSHA, two SHA-1 blocks),
//   new     = RC4(interim, interim), reduced to 40 or 56 bits (RFC 3079
//             2.1/2.2: the first octets set to d1 26 9e),
// and with TABLES=1 the key schedule of the new key on the unit's RC4 bank.
// The one place the engine's key-change sequence is written; the engine
// has two (docs/rtl-engine.md "Key changes: one unit, two uses"):
//   u_next  TABLES=1: a stateless flow's next key and its tables, computed
//           on a second bank while the packet streams; the engine stores
//           both in the flow's context, so the next packet streams as soon
//           as its context is loaded;
//   u_ck    TABLES=0 KEY_REG=0 INIT_ALONE=1: the changes of the packet in
//           hand, on the engine's main bank, started again from done for
//           each of a receive flow's missed changes; and a flow's first
//           session key alone.
//
// The SHA-1 core is the engine's: the unit drives it while active_o (the
// engine's other users wait). A core that takes a whole block reads
// sha_block_o; one fed a word a clock (sha1_iter, the small engine) reads
// sha_word_o, word sha_wn_i of the same message (the caller counts the
// words it hands over), while sha_blk0_o says block 0 is being taken (the
// small engine supplies the start key's words itself, from its key RAM).
// The RC4 bank is the caller's to choose: its own (rc4_core, rc4_bram_port,
// rc4_ks) or a shared one the caller hands over while active_o; the key on
// rb_key_o is steady through a key schedule (rc4_core reads it then).
// ENABLE=0 (the engine's small variant, which has no second bank) holds the
// unit idle.
//
// TABLES=0: no key schedule of the new key; done_o as soon as the reduced
// key is in key_o. init_i with start_i (tie it low where not needed): first
// the flow's first session key, GetNewKeyFromSHA(start, start) reduced
// (RFC 3079 3.3, mppe_flow_init(); key_i must then be the start key), then
// with INIT_ALONE=0 its change in the same operation (the farm's channels),
// with INIT_ALONE=1 nothing more (the engine, which decides what follows).
// KEY_REG=1: the unit holds the key (taken from key_i at start_i), key_o is
// it; wiped at clear_i. KEY_REG=0: the caller holds it (the engine's
// ck_key_q, which it also uses between changes): key_i is the key at every
// clock, and key_o is its next value, which the caller must register while
// active_o (and may ignore otherwise, where key_o = key_i).
// sha_block_o and sha_first_o stay those of the block asked for until its
// sha_done_i, so a caller sharing one SHA-1 core among several units may
// start the core later than sha_start_o (mppe_keyunit's arbiter).
// The interim key is wiped once the RC4 pass is done.
//
// Contract (the engine's; MPPE_ASSERT checks the first): clear_i only while
// the unit is not active (the engine waits for it in S_DRAIN and clears it
// in S_RESULT), since the SHA-1 core and the bank would go on with the
// abandoned change; start_i only while not active (ignored then); start_key_i
// and kb_i steady from start_i to done_o (the operation's context); with
// KEY_REG=1 key_i is taken at start_i.
`default_nettype none

module mppe_nextkey #(
  parameter [0:0] ENABLE = 1'b1,
  parameter [0:0] TABLES = 1'b1,    // 0: no key schedule of the new key
  parameter [0:0] KEY_REG = 1'b1,   // 0: the caller holds the key (key_i in, its next value out)
  parameter [0:0] INIT_ALONE = 1'b0 // 1: init_i computes the first session key alone
) (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         start_i,      // change key_i (while idle or done: not active_o)
  input  wire         clear_i,      // abandon, back to idle
  input  wire         init_i,       // with start_i: the first session key first
  input  wire [127:0] key_i,        // the key to change, octet n in bits [8n+7:8n]
  input  wire [127:0] start_key_i,  // the flow's start key
  input  wire [1:0]   kb_i,         // 0: 40-bit, 1: 56-bit, 2: 128-bit keys
  output wire         active_o,     // running (the SHA-1 core is the unit's)
  output wire         done_o,       // key_o and the bank's tables are the new key's
  output wire [127:0] key_o,        // KEY_REG=1: the key; 0: the key's next value
  // the engine's SHA-1 core
  output reg          sha_start_o,
  output reg          sha_first_o,
  output reg  [511:0] sha_block_o,
  input  wire         sha_done_i,
  input  wire [159:0] sha_digest_i,
  output wire         sha_blk0_o,   // block 0 is being hashed (a word-fed core takes it now)
  input  wire [4:0]   sha_wn_i,     // word-fed core: the message word it takes next ...
  output wire [31:0]  sha_word_o,   // ... which is this
  // the unit's RC4 bank
  output reg          rb_ksa_o,
  output reg          rb_next_o,
  output reg  [127:0] rb_key_o,
  input  wire         rb_busy_i,
  input  wire         rb_rdy_i,     // a keystream byte is ready (block-RAM banks)
  input  wire [7:0]   rb_ks_i
);

`include "mppe_keyfn.vh"

  localparam [3:0]
    P_IDLE  = 4'd0,   // nothing to do
    P_SHA0  = 4'd1,   // GetNewKeyFromSHA, block 0
    P_SHA0W = 4'd2,
    P_SHA1  = 4'd3,   // block 1
    P_SHA1W = 4'd4,
    P_KSA   = 4'd5,   // RC4 of the interim key
    P_KSAW  = 4'd6,
    P_PRGA  = 4'd7,
    P_KSA2  = 4'd8,   // tables of the new key
    P_KSA2W = 4'd9,
    P_DONE  = 4'd10;  // result in key_q and the bank

  reg  [3:0]   state_q, state_d;
  reg  [127:0] key_r, key_d, int_q, int_d;
  wire [127:0] key_q = KEY_REG ? key_r : key_i;   // the key being changed
  integer      kn;
  reg  [4:0]   cnt_q, cnt_d;
  reg          init_q, init_d;      // this SHA-1 pass is the first session key's
  wire [4:0]    key_len = (kb_i == 2'd2) ? 5'd16 : 5'd8;
  wire [1023:0] msg     = gnk_msg(start_key_i, key_q, kb_i == 2'd2);

  assign active_o = state_q != P_IDLE && state_q != P_DONE;
  assign done_o   = state_q == P_DONE;
  assign key_o    = KEY_REG ? key_q : key_d;
  assign sha_blk0_o = state_q == P_SHA0W;
  assign sha_word_o = gnk_word(start_key_i, key_q, kb_i == 2'd2, sha_wn_i);

  always @(*) begin
    state_d     = state_q;
    key_d       = key_q;
    int_d       = int_q;
    cnt_d       = cnt_q;
    init_d      = init_q;
    rb_ksa_o    = 1'b0;
    rb_next_o   = 1'b0;
    rb_key_o    = int_q;
    sha_start_o = 1'b0;
    sha_first_o = 1'b1;
    sha_block_o = msg[1023:512];
    case (state_q)
      P_IDLE, P_DONE: if (start_i) begin
        key_d   = key_i;
        init_d  = init_i;
        state_d = P_SHA0;
      end
      P_SHA0: begin
        sha_start_o = 1'b1;
        state_d     = P_SHA0W;
      end
      P_SHA0W: if (sha_done_i) state_d = P_SHA1;
      P_SHA1: begin
        sha_start_o = 1'b1;
        sha_first_o = 1'b0;
        sha_block_o = msg[511:0];
        state_d     = P_SHA1W;
      end
      P_SHA1W: begin
        sha_first_o = 1'b0;
        sha_block_o = msg[511:0];
        if (sha_done_i) begin
          if (init_q) begin
            // the first session key (no RC4 pass), then its change
            key_d   = reduce_key(digest_key(sha_digest_i, kb_i == 2'd2), kb_i);
            init_d  = 1'b0;
            state_d = INIT_ALONE ? P_DONE : P_SHA0;
          end else begin
            int_d   = digest_key(sha_digest_i, kb_i == 2'd2);
            state_d = P_KSA;
          end
        end
      end
      P_KSA: begin
        rb_ksa_o = 1'b1;
        cnt_d    = 5'd0;
        state_d  = P_KSAW;
      end
      P_KSAW: if (!rb_busy_i) state_d = P_PRGA;
      P_PRGA: if (rb_rdy_i) begin
        rb_next_o = 1'b1;
        // octet cnt_q, decoded by comparison with each constant: yosys 0.23
        // makes a write at a variable index a shifter with a carry chain
        for (kn = 0; kn < 16; kn = kn + 1)
          if (cnt_q[3:0] == kn[3:0])
            key_d[8*kn +: 8] = rb_ks_i ^ int_q[8*kn +: 8];
        cnt_d = cnt_q + 5'd1;
        if (cnt_q + 5'd1 == key_len) begin
          int_d = 128'd0;             // the interim key is used up
          if (TABLES) begin
            state_d = P_KSA2;
          end else begin
            // RFC 3079 2.1/2.2: the reduction comes after the RC4 pass
            key_d   = reduce_key(key_d, kb_i);
            state_d = P_DONE;
          end
        end
      end
      P_KSA2: begin
        rb_ksa_o = 1'b1;
        rb_key_o = reduce_key(key_q, kb_i);
        key_d    = reduce_key(key_q, kb_i);
        state_d  = P_KSA2W;
      end
      P_KSA2W: begin
        rb_key_o = key_q;
        if (!rb_busy_i) state_d = P_DONE;
      end
      default: state_d = P_IDLE;
    endcase
    if (clear_i) begin
      state_d = P_IDLE;
      key_d   = 128'd0;               // taken or abandoned: wiped
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)      state_q <= P_IDLE;
    else if (!ENABLE) state_q <= P_IDLE;
    else              state_q <= state_d;
  end
  always @(posedge clk_i) begin
    key_r <= key_d;      // (KEY_REG=0: unused, the caller registers key_o)
    int_q <= int_d;
    cnt_q <= cnt_d;
    init_q <= init_d;
  end

`ifdef MPPE_ASSERT
  // checked from the first reset on (docs/rtl-verification.md)
  reg a_armed_q = 1'b0;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) a_armed_q <= 1'b1;
  always @(posedge clk_i)
    if (a_armed_q)
      assert (!(clear_i && active_o) && !(start_i && active_o && KEY_REG == 1'b0));
`endif

endmodule

`default_nettype wire
