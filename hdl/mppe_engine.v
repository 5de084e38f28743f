// One MPPE engine: runs one operation at a time for one flow, exactly as the
// reference engine driver/mppe_flow.c does (the golden model; every rule
// below cites the C function it reproduces).
//
// Per operation: take a descriptor, load the flow context (16 words) and
// RC4 state (32 words) over the shared context bus, decide (header, counts,
// receive rules), change keys as needed (RFC 3078 7.3), stream the data
// through RC4 at one byte per clock into the output buffer, store the
// context back, then post the result descriptor. Receive state is committed
// only once the first two plaintext octets pass mppe_plausible_protocol():
// the context RAM still holds the committed state, so "undo" is simply not
// storing the trial RC4 tables and key.
//
// Context word layout (64-bit words, docs/rtl-engine.md):
//   w0  [0] valid [1] dir(1=rx) [2] stateful [4:3] key bits (0:40 1:56 2:128)
//       [5] keyed (first session key computed) [6] discarding
//       [7] flush_pending [8] lookahead_valid [9] accept_pfc
//       [10] next_valid (stateless: next key precomputed) [27:16] ccount
//       [43:32] lookahead_ccount [63:48] max_rekeys
//   w1  stateful: [7:0] RC4 i  [15:8] RC4 j; stateless: next key octets 8..15
//   w2-3 start key, w4-5 session key, w6-7 lookahead key (octet 0 = bits 7:0)
//   w8 packets  w9 bytes  w10 key_changes
//   w11 {rx_dropped, ccp_resets}  w12 {rx_missed, rx_out_of_order}
//   w13 {rx_implausible, rx_rekey_limited}  w14 {sanity_score, sanity_errors}
//   w15 stateless: next key octets 0..7 (stateful: 0)
//   RC4 state slot (32 words): stateful: the tables; stateless: the tables of
//   the next key, ready for the next packet (next_valid).
`default_nettype none
`include "mppe_codes.vh"

module mppe_engine #(
  parameter integer NUM_FLOWS = 4096,
  parameter integer TAG_W     = 16,
  parameter integer FLOW_W    = 16,
  // 0: register-file RC4 banks (rc4_core, 1 byte per clock, ~11.5k LUTs
  // each); 1: block-RAM banks (rc4_bram_port, 1 byte per 3 clocks, a few
  // hundred LUTs and a block RAM each; docs/rtl-engine.md). Same results.
  parameter integer RC4_BRAM  = 0,
  // 1: the area variant (LiteFury's small-engine configuration, issue 15):
  // the iterative SHA-1 (sha1_iter, fed one 32-bit message word per clock
  // instead of a 1,024-bit message) and no next-key precompute (one RC4
  // bank; a stateless flow's key change is done when its packet arrives, as
  // for a flow whose precompute is not ready). Same rules, same results,
  // fewer clocks per second (docs/rtl-engine.md "The small engine").
  parameter integer SMALL     = 0
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  // operation descriptors (from the dispatcher)
  input  wire              desc_valid_i,
  output reg               desc_ready_o,
  input  wire [TAG_W-1:0]  desc_tag_i,
  input  wire [FLOW_W-1:0] desc_flow_i,
  input  wire [3:0]        desc_op_i,
  input  wire [15:0]       desc_len_i,
  // input data words, first-word-fall-through
  input  wire              in_valid_i,
  input  wire [63:0]       in_data_i,
  output wire              in_pop_o,
  // output data words (into the output buffer)
  output wire              out_we_o,
  output wire [63:0]       out_data_o,
  input  wire              out_space_i,
  // result descriptors
  output reg               res_valid_o,
  input  wire              res_ready_i,
  output wire [TAG_W-1:0]  res_tag_o,
  output wire [FLOW_W-1:0] res_flow_o,
  output wire [3:0]        res_op_o,
  output wire [3:0]        res_status_o,
  output wire [7:0]        res_flags_o,
  output wire [11:0]       res_ccount_o,
  output wire [15:0]       res_len_o,
  // context bus (granted for a whole burst; read data one clock after en)
  output reg               bus_req_o,
  input  wire              bus_gnt_i,
  output wire [FLOW_W-1:0] bus_flow_o,
  output reg               ctx_en_o,
  output reg               ctx_we_o,
  output reg  [3:0]        ctx_addr_o,
  output reg  [63:0]       ctx_wdata_o,
  input  wire [63:0]       ctx_rdata_i,
  output reg               sb_en_o,
  output reg               sb_we_o,
  output reg  [4:0]        sb_addr_o,
  output wire [63:0]       sb_wdata_o,
  input  wire [63:0]       sb_rdata_i
);

  // ---------------------------------------------------------------------
  // States
  localparam [5:0]
    S_IDLE      = 6'd0,   // wait for a descriptor
    S_LOAD      = 6'd1,   // read the context and RC4 state
    S_CHECK     = 6'd2,   // decide what the operation does
    S_CK        = 6'd3,   // key changes (u_ck), or the first session key
    S_INIT_KSAW = 6'd4,   // first session key: tables
    S_INIT_ST   = 6'd5,   // first session key: store the tables
    S_PKT_KSA   = 6'd6,   // tables for the packet's key
    S_PKT_KSAW  = 6'd7,
    S_ENC_HDR0  = 6'd8,   // emit the MPPE header
    S_ENC_HDR1  = 6'd9,
    S_STREAM    = 6'd10,  // RC4 over the data, one byte per clock
    S_RX_DEC0   = 6'd11,  // trial decryption of the protocol field
    S_RX_DEC1   = 6'd12,
    S_RX_CHECK  = 6'd13,  // plausible? commit or drop
    S_RX_EMIT0  = 6'd14,
    S_RX_EMIT1  = 6'd15,
    S_DRAIN     = 6'd16,  // pop the rest of the input
    S_STORE     = 6'd17,  // write the context back
    S_RESULT    = 6'd18,  // post the result
    S_T_RC4_K0  = 6'd19,  // self-test RC4: key words
    S_T_RC4_K1  = 6'd20,
    S_T_RC4_HDR = 6'd21,
    S_T_RC4_KSA = 6'd22,
    S_T_RC4_SKIP = 6'd23,
    S_T_SHA_IN  = 6'd24,  // self-test SHA-1: block words
    S_T_SHA_RUN = 6'd25,
    S_T_SHA_OUT = 6'd26,
    S_ST_RX_LA  = 6'd27,  // stateless rx: after the key changes
    S_RXF_NEXT  = 6'd28,  // stateful rx resync: next trial key
    S_INIT_SET  = 6'd29,  // first session key: commit it (and its tables)
    // small variant only: the key RAM (below)
    S_KLOAD     = 6'd30,  // context words 2-7 into the key RAM
    S_KCOPY     = 6'd31,  // a stored key into ck_key_q
    S_INIT_WR   = 6'd32,  // first session key into the key RAM
    S_KCOMMIT   = 6'd33;  // ck_key_q into the session and/or lookahead key

  reg [5:0] state_q, state_d;
  reg [5:0] ck_ret_q, ck_ret_d;       // where a key-change run returns

  // ---------------------------------------------------------------------
  // Operation registers
  reg [TAG_W-1:0]  tag_q, tag_d;
  reg [FLOW_W-1:0] flow_q, flow_d;
  reg [3:0]        op_q, op_d;
  reg [15:0]       len_q, len_d;
  reg [3:0]        status_q, status_d;
  reg [7:0]        flags_q, flags_d;
  reg [11:0]       res_cc_q, res_cc_d;
  reg [15:0]       res_len_q, res_len_d;
  reg              exists_q, exists_d;     // flow found (for the flags)
  reg              st_ctx_q, st_ctx_d;     // store the context at the end
  reg              st_sb_q, st_sb_d;       // ... and the RC4 tables

  // the byte stream (hdl/mppe_stream.v, u_stream below): its commands
  reg        s_start, s_pop, s_seek, s_oleft_we;
  reg [13:0] s_start_words;
  reg [2:0]  s_boff;
  reg [15:0] s_bleft, s_oleft;
  wire [13:0] words_q;                      // input words not yet popped
  wire [15:0] bleft_q;                      // octets left to stream
  wire        s_ks_next, s_last;

  // flow context
  reg        c_valid_q, c_valid_d, c_dir_q, c_dir_d, c_stateful_q, c_stateful_d;
  reg [1:0]  c_kb_q, c_kb_d;
  reg        c_keyed_q, c_keyed_d, c_disc_q, c_disc_d, c_flush_q, c_flush_d;
  reg        c_la_valid_q, c_la_valid_d, c_pfc_q, c_pfc_d, c_nv_q, c_nv_d;
  reg [127:0] c_nk_q, c_nk_d;               // stateless: next session key
  wire       c_nv = (SMALL == 0) && c_nv_q;  // no precompute in the small variant
  reg        rx_tr_q, rx_tr_d;              // rx: the loaded tables are the packet's
  reg [11:0] c_cc_q, c_cc_d, c_la_cc_q, c_la_cc_d;
  reg [15:0] c_max_rk_q, c_max_rk_d;
  reg [15:0] c_ij_q, c_ij_d;
  reg [127:0] c_start_q, c_start_d, c_sess_q, c_sess_d, c_la_key_q, c_la_key_d;
  // Counters: the flow's values, or in the small variant this operation's
  // increments, added to the words read again at the store (S_STORE); the
  // sanity score is not a sum and stays a value in both. An operation adds
  // at most 1 packet, 2,048 bytes (tx 2,048, rx 2,050 - 2), 65,535 key
  // changes (rx_chg, at most max_rekeys), 2,047 missed, and 1 to each of the
  // others (one drop or reset per operation): the small variant's
  // increments are that wide (MPPE_ASSERT checks that none is counted past
  // its width; check-rtl compares every counter with libmppe).
  localparam integer W_PK = (SMALL != 0) ? 1  : 64;   // packets
  localparam integer W_BY = (SMALL != 0) ? 12 : 64;   // bytes
  localparam integer W_KC = (SMALL != 0) ? 16 : 64;   // key changes
  localparam integer W_MI = (SMALL != 0) ? 12 : 32;   // rx_missed
  localparam integer W_1  = (SMALL != 0) ? 1  : 32;   // the one-per-operation counters
  reg [W_PK-1:0] c_packets_q, c_packets_d;
  reg [W_BY-1:0] c_bytes_q, c_bytes_d;
  reg [W_KC-1:0] c_kchg_q, c_kchg_d;
  reg [W_1-1:0]  c_resets_q, c_resets_d, c_dropped_q, c_dropped_d, c_ooo_q, c_ooo_d;
  reg [W_MI-1:0] c_missed_q, c_missed_d;
  reg [W_1-1:0]  c_rklim_q, c_rklim_d, c_impl_q, c_impl_d;
  reg [W_1-1:0]  c_serr_q, c_serr_d;
  reg [31:0]     c_score_q, c_score_d;
  reg            rmw_q;                     // small: counter word read, write it next

  // receive / key-change work registers
  reg [11:0]  rx_cc_q, rx_cc_d;             // the packet's coherency count
  reg [11:0]  rx_d_q, rx_d_d;               // distance to the last good count
  reg [11:0]  rx_done_q, rx_done_d;         // stateless: key changes done
  reg [15:0]  rx_chg_q, rx_chg_d;           // key changes for rx_good()
  reg [4:0]   rx_k_q, rx_k_d;               // stateful resync: key changes done
  reg [4:0]   rx_lo_q, rx_lo_d, rx_hi_q, rx_hi_d;  // ... first and last trial
  reg [7:0]   pt0_q, pt0_d, pt1_q, pt1_d;   // trial plaintext octets
  reg [127:0] ck_key_q, ck_key_d;           // key being changed
  // where S_CHECK takes the key to change from (one multiplexer after the
  // state case instead of one per branch)
  localparam [2:0] K_KEEP = 3'd0, K_START = 3'd1, K_SESS = 3'd2, K_LA = 3'd3, K_NEXT = 3'd4;
  reg [2:0]   ck_from;
  reg         sess_from_ck;                 // commit the changed key as the session key
  reg [15:0]  ck_left_q, ck_left_d;         // key changes still to do
  reg         ck_init_q, ck_init_d;         // S_CK: the first session key (alone)
  reg [4:0]   cnt_q, cnt_d;                 // small loop counter
  reg [5:0]   bus_cnt_q;                    // burst counters (the context port's)
  reg [5:0]   bus_rcv_q;
  reg [15:0]  skip_q, skip_d;               // self-test RC4 discard count
  reg [511:0] blk_q, blk_d;                 // self-test SHA-1 block

  // Small variant: the flow's three stored keys (start, session,
  // lookahead; context words 2-7) live in one block RAM of 16-bit halves
  // instead of 384 flip-flops: address {slot, half}, half h = key octets
  // 2h (bits 7:0) and 2h+1. S_KLOAD fills it from the context, S_KCOPY
  // shifts a key into ck_key_q (the key being changed, a register), the
  // SHA-1 message takes the start key from it two halves per word, and the
  // session and lookahead keys, which only ever become ck_key_q, are
  // written back from ck_key_q at the end (S_KCOMMIT, sess_ck_q/la_ck_q),
  // then the store gathers each context word into ck_key_q[127:64].
  localparam [1:0] KS_START = 2'd0, KS_SESS = 2'd1, KS_LA = 2'd2;
  reg  [15:0] kram [0:31];
  reg         kr_en, kw_en;
  reg  [4:0]  kr_addr, kw_addr;
  reg  [15:0] kw_data;
  reg  [15:0] kr_q;                         // read data, one clock after kr_en
  always @(posedge clk_i) begin
    if (kw_en) kram[kw_addr] <= kw_data;
    if (kr_en) kr_q <= kram[kr_addr];
  end
  reg  [15:0] kh_q;                         // SHA-1 start-key word: first half
  reg  [1:0]  kf_ph_q, kf_ph_d;             // ... 0 read half 0, 1 read half 1, 2 word ready
  reg  [1:0]  kc_slot_q, kc_slot_d;         // S_KCOPY: from this slot
  reg  [5:0]  kc_next_q, kc_next_d;         // ... then on to this state
  reg         sess_ck_q, sess_ck_d;         // the session key is now ck_key_q
  reg         la_ck_q, la_ck_d;             // the lookahead key is now ck_key_q
  reg  [2:0]  kg_q;                         // store: halves of a key word gathered (5: done)

  wire [4:0] key_len = (c_kb_q == 2'd2) ? 5'd16 : 5'd8;
  // Waiver: the low bits are dropped on purpose (words = ceil(len / 8)).
  /* verilator lint_off UNUSEDSIGNAL */
  wire [16:0] desc_sum = {1'b0, desc_len_i} + 17'd7;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [13:0] desc_words = desc_sum[16:3];

  // ---------------------------------------------------------------------
  // RC4 and SHA-1
  reg          rc4_ksa, rc4_next, rc4_ld_we, rc4_ij_we;
  // the key-change unit (u_ck below) drives the main bank while it runs:
  // the RC4 pass over the interim key
  wire         ck_active, ck_done, ck_rb_ksa, ck_rb_next;
  wire [127:0] ck_rb_key;
  // the RC4 key: the interim key (u_ck), else the key in ck_key_q (the
  // packet's, the first session key, the self-test's)
  wire [127:0] rc4_key = ck_active ? ck_rb_key : ck_key_q;
  reg  [4:0]   rc4_key_len;
  wire         rc4_busy;
  wire [7:0]   rc4_ks;
  wire [63:0]  rc4_rd;
  wire [15:0]  rc4_ij;
  wire [4:0]   rc4_ld_addr = bus_rcv_q[4:0];  // the word S_LOAD receives

  // Handshakes that only the block-RAM banks need (constant for the
  // register file, whose keystream byte is ready every clock and whose
  // state port takes a word per clock):
  //   rc4_rdy / rb_rdy  a keystream byte is ready to pull
  //   rc4_idle          the state port has written the last loaded word
  //   sbw_valid         the word to store (S-box entries 8 bus_cnt_q..+7) is ready
  wire         rc4_rdy, rb_rdy, rc4_idle, sbw_valid;
  // Waiver: the register-file banks have no store request.
  /* verilator lint_off UNUSEDSIGNAL */
  wire         sbw_req, rb_rv;
  /* verilator lint_on UNUSEDSIGNAL */
  // Waiver: the register-file banks need no acknowledgement.
  /* verilator lint_off UNUSEDSIGNAL */
  reg          sbw_ack;
  /* verilator lint_on UNUSEDSIGNAL */
  // Waiver: the small variant has no precompute bank to drive.
  /* verilator lint_off UNUSEDSIGNAL */
  wire         rb_ksa, rb_next;
  wire [127:0] rb_key;
  /* verilator lint_on UNUSEDSIGNAL */
  wire         rb_busy;
  wire [7:0]   rb_ks;
  wire [63:0]  rb_rd;
  // Waiver: the precompute bank is never loaded and its i/j are not stored.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0]  rb_ij;
  /* verilator lint_on UNUSEDSIGNAL */

  generate if (RC4_BRAM == 0) begin : g_rf
    rc4_core u_rc4 (
      .clk_i, .rst_ni,
      .ksa_start_i (rc4_ksa || ck_rb_ksa),
      .key_i       (rc4_key),
      .key_len_i   (rc4_key_len),
      .busy_o      (rc4_busy),
      .ks_next_i   (rc4_next || ck_rb_next),
      .ks_o        (rc4_ks),
      .ld_we_i     (rc4_ld_we),
      .ld_addr_i   (rc4_ld_addr),
      .ld_data_i   (sb_rdata_i),
      .rd_addr_i   (sb_addr_o),
      .rd_data_o   (rc4_rd),
      .ij_we_i     (rc4_ij_we),
      .ij_i        (c_stateful_q ? c_ij_q : 16'd0),   // stateless: fresh tables
      .ij_o        (rc4_ij)
    );
    assign rc4_rdy = 1'b1;
    assign rc4_idle = 1'b1;
    assign sbw_valid = 1'b1;
    assign sbw_req = 1'b0;
  end else begin : g_bram
    wire rc4_rv;
    // the store reads the bank whose tables go to the state slot
    // (S_INIT_ST: the first tables of a stateful flow, always stored)
    assign sbw_req = (state_q == S_STORE && st_sb_q) || state_q == S_INIT_ST;
    rc4_bram_port u_rc4 (
      .clk_i, .rst_ni,
      .ksa_start_i (rc4_ksa || ck_rb_ksa),
      .key_i       (rc4_key),
      .key_len_i   (rc4_key_len),
      .busy_o      (rc4_busy),
      .ready_o     (rc4_rdy),
      .ks_next_i   (rc4_next || ck_rb_next),
      .ks_o        (rc4_ks),
      .ld_we_i     (rc4_ld_we),
      .ld_addr_i   (rc4_ld_addr),
      .ld_data_i   (sb_rdata_i),
      .idle_o      (rc4_idle),
      .rd_req_i    (sbw_req && c_stateful_q),
      .rd_addr_i   (bus_cnt_q[4:0]),
      .rd_valid_o  (rc4_rv),
      .rd_data_o   (rc4_rd),
      .rd_ack_i    (sbw_ack),
      .ij_we_i     (rc4_ij_we),
      .ij_i        (c_stateful_q ? c_ij_q : 16'd0),
      .ij_o        (rc4_ij)
    );
    assign sbw_valid = c_stateful_q ? rc4_rv : rb_rv;
  end endgenerate

  // Second bank: the next-key precompute of stateless flows (below); none
  // in the small variant.
  generate if (SMALL != 0) begin : g_no_next
    assign rb_busy = 1'b0;
    assign rb_rdy  = 1'b1;
    assign rb_ks   = 8'd0;
    assign rb_rd   = 64'd0;
    assign rb_ij   = 16'd0;
    assign rb_rv   = 1'b0;
  end else if (RC4_BRAM == 0) begin : g_rf_next
    rc4_core u_rc4_next (
      .clk_i, .rst_ni,
      .ksa_start_i (rb_ksa),
      .key_i       (rb_key),
      .key_len_i   (key_len),
      .busy_o      (rb_busy),
      .ks_next_i   (rb_next),
      .ks_o        (rb_ks),
      .ld_we_i     (1'b0),
      .ld_addr_i   (5'd0),
      .ld_data_i   (64'd0),
      .rd_addr_i   (sb_addr_o),
      .rd_data_o   (rb_rd),
      .ij_we_i     (1'b0),
      .ij_i        (16'd0),
      .ij_o        (rb_ij)
    );
    assign rb_rdy = 1'b1;
    assign rb_rv  = 1'b1;
  end else begin : g_bram_next
    // Waiver: the precompute bank's state port is only read.
    /* verilator lint_off UNUSEDSIGNAL */
    wire rb_idle;
    /* verilator lint_on UNUSEDSIGNAL */
    rc4_bram_port u_rc4_next (
      .clk_i, .rst_ni,
      .ksa_start_i (rb_ksa),
      .key_i       (rb_key),
      .key_len_i   (key_len),
      .busy_o      (rb_busy),
      .ready_o     (rb_rdy),
      .ks_next_i   (rb_next),
      .ks_o        (rb_ks),
      .ld_we_i     (1'b0),
      .ld_addr_i   (5'd0),
      .ld_data_i   (64'd0),
      .idle_o      (rb_idle),
      .rd_req_i    (sbw_req && !c_stateful_q),
      .rd_addr_i   (bus_cnt_q[4:0]),
      .rd_valid_o  (rb_rv),
      .rd_data_o   (rb_rd),
      .rd_ack_i    (sbw_ack),
      .ij_we_i     (1'b0),
      .ij_i        (16'd0),
      .ij_o        (rb_ij)
    );
  end endgenerate
  assign sb_wdata_o = c_stateful_q ? rc4_rd : rb_rd;

  reg          sha_start, sha_first, m_sha_start, m_sha_first;
  wire         p_sha_start, p_sha_first, ck_sha_start, ck_sha_first;
  // Waiver: the small variant's SHA-1 takes words, not the block.
  /* verilator lint_off UNUSEDSIGNAL */
  reg  [511:0] sha_block;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [511:0] p_sha_block, ck_sha_block;
  // the next-key unit (u_next below): running, done, its new key
  wire         p_active, p_done;
  wire [127:0] p_key;
  always @(*) begin
    if (p_active) begin
      sha_start = p_sha_start;
      sha_first = p_sha_first;
      sha_block = p_sha_block;
    end else if (ck_active) begin
      sha_start = ck_sha_start;
      sha_first = ck_sha_first;
      sha_block = ck_sha_block;
    end else begin
      // the self-test's block
      sha_start = m_sha_start;
      sha_first = m_sha_first;
      sha_block = blk_q;
    end
  end
  wire         sha_busy, sha_done;
  wire [159:0] sha_digest;

  // The small variant's SHA-1 takes its block one 32-bit word per clock:
  // sw_q counts the words handed over since the first block of a message
  // (0..31 for GetNewKeyFromSHA's two blocks, 0..15 for the self-test
  // block, which comes from the input two words per input word).
  reg  [4:0]  sw_q;
  wire        sha_win_ready;
  // small: the start key's words (0..3 or 0..1) come from the key RAM
  wire        ck_blk0;                      // u_ck: block 0 is being hashed
  wire [31:0] ck_sha_word;                  // u_ck: message word sw_q
  wire        kf_start_word = ck_blk0 &&
                              ((c_kb_q == 2'd2) ? (sw_q < 5'd4) : (sw_q < 5'd2));
  wire [31:0] kf_word = {kh_q[7:0], kh_q[15:8], kr_q[7:0], kr_q[15:8]};
  wire        sha_win_valid = (state_q == S_T_SHA_IN) ? in_valid_i :
                              kf_start_word ? (kf_ph_q == 2'd2) : 1'b1;
  wire [31:0] in_lo_be = {in_data_i[7:0], in_data_i[15:8], in_data_i[23:16], in_data_i[31:24]};
  wire [31:0] in_hi_be = {in_data_i[39:32], in_data_i[47:40], in_data_i[55:48], in_data_i[63:56]};
  // Waiver: sha1_core (SMALL=0) takes the block, not words.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] sha_win_data = (state_q == S_T_SHA_IN) ? (sw_q[0] ? in_hi_be : in_lo_be)
                                                     : kf_start_word ? kf_word
                                                     : ck_sha_word;
  /* verilator lint_on UNUSEDSIGNAL */
  always @(posedge clk_i) begin
    if (sha_start && sha_first)
      sw_q <= 5'd0;
    else if (sha_win_valid && sha_win_ready)
      sw_q <= sw_q + 5'd1;
  end

  generate if (SMALL != 0) begin : g_sha_iter
    sha1_iter u_sha1 (
      .clk_i, .rst_ni,
      .start_i     (sha_start),
      .first_i     (sha_first),
      .win_valid_i (sha_win_valid),
      .win_data_i  (sha_win_data),
      .win_ready_o (sha_win_ready),
      .busy_o      (sha_busy),
      .done_o      (sha_done),
      .digest_o    (sha_digest)
    );
  end else begin : g_sha_core
    sha1_core u_sha1 (
      .clk_i, .rst_ni,
      .start_i  (sha_start),
      .first_i  (sha_first),
      .block_i  (sha_block),
      .busy_o   (sha_busy),
      .done_o   (sha_done),
      .digest_o (sha_digest)
    );
    assign sha_win_ready = 1'b0;
  end endgenerate

  // RFC 3078 section 3 / mppe_plausible_protocol(): 0x0021..0x00FA, odd,
  // as two octets or PFC-compressed to one.
  function automatic carried;
    input [7:0] p;
    begin
      carried = (p >= 8'h21) && (p <= 8'hfa) && p[0];
    end
  endfunction
  function automatic plausible;
    input [7:0] b0;
    input [7:0] b1;
    input       pfc;
    begin
      if (pfc && b0[0])
        plausible = carried(b0);
      else
        plausible = (b0 == 8'h00) && carried(b1);
    end
  endfunction


  // ---------------------------------------------------------------------
  // Header octets, read in place
  wire [7:0] hdr0     = in_data_i[7:0];
  wire [7:0] hdr1     = in_data_i[15:8];
  wire [11:0] hdr_cc  = {hdr0[3:0], hdr1};
  wire [11:0] la_dist = c_la_cc_q - c_cc_q;   // cc_dist(lookahead, f->ccount)
  wire [11:0] enc_cc  = c_cc_q + 12'd1;

  // Output: emit() puts one octet into the stream unit's packer; the
  // caller checks emit_ok first.
  wire emit_ok = out_space_i;

  // The receive decision on the header (hdl/mppe_rxdecide.v, as
  // mppe_rx_decide() of mppe_flow.c): drop, change keys (stateless), same
  // key or trial keys (stateful).
  localparam [1:0] RD_DROP = 2'd0, RD_CHANGE = 2'd1, RD_SAME = 2'd2;
  wire [1:0]  rd_action;
  wire [3:0]  rd_status;
  wire        rd_discard;
  wire [11:0] d_cc;                           // cc_dist(cc, f->ccount)
  wire [4:0]  rd_lo, rd_hi;
  mppe_rxdecide u_rxdecide (
    .stateful_i   (c_stateful_q),
    .discarding_i (c_disc_q),
    .ccount_i     (c_cc_q),
    .hdr0_i       (hdr0),
    .hdr1_i       (hdr1),
    .action_o     (rd_action),
    .status_o     (rd_status),
    .discard_o    (rd_discard),
    .dist_o       (d_cc),
    .lo_o         (rd_lo),
    .hi_o         (rd_hi)
  );

  // Sanity penalty (sanity_penalty() in mppe_flow.c)
  wire [31:0] score_pen = (c_score_q < 32'hffffffff - 32'd100) ? c_score_q + 32'd100 : c_score_q;

  // Small variant: a counter word read back (ctx_rdata_i) plus this
  // operation's increments, in two 32-bit halves (one 64-bit sum for the
  // 64-bit counters, words 8-10); the score replaces its half.
  reg  [31:0] inc_lo, inc_hi;
  // the increments zero-extended (only the small variant uses them)
  wire [31:0] x_packets, x_bytes, x_kchg, x_resets, x_dropped, x_ooo, x_missed, x_rklim, x_impl, x_serr;
  generate if (SMALL != 0) begin : g_inc_x
    assign x_packets = {31'd0, c_packets_q};
    assign x_bytes   = {20'd0, c_bytes_q};
    assign x_kchg    = {16'd0, c_kchg_q};
    assign x_resets  = {31'd0, c_resets_q};
    assign x_dropped = {31'd0, c_dropped_q};
    assign x_ooo     = {31'd0, c_ooo_q};
    assign x_missed  = {20'd0, c_missed_q};
    assign x_rklim   = {31'd0, c_rklim_q};
    assign x_impl    = {31'd0, c_impl_q};
    assign x_serr    = {31'd0, c_serr_q};
  end else begin : g_inc_none
    assign x_packets = 32'd0; assign x_bytes = 32'd0; assign x_kchg = 32'd0;
    assign x_resets = 32'd0; assign x_dropped = 32'd0; assign x_ooo = 32'd0;
    assign x_missed = 32'd0; assign x_rklim = 32'd0; assign x_impl = 32'd0;
    assign x_serr = 32'd0;
  end endgenerate
  wire        cnt64 = bus_cnt_q[3:0] <= 4'd10;
  wire        is_score = bus_cnt_q[3:0] == 4'd14;
  always @(*) begin
    inc_lo = 32'd0;
    inc_hi = 32'd0;
    case (bus_cnt_q[3:0])
      4'd8:  inc_lo = x_packets;
      4'd9:  inc_lo = x_bytes;
      4'd10: inc_lo = x_kchg;
      4'd11: begin inc_lo = x_resets; inc_hi = x_dropped; end
      4'd12: begin inc_lo = x_ooo;    inc_hi = x_missed;  end
      4'd13: begin inc_lo = x_rklim;  inc_hi = x_impl;    end
      4'd14: begin inc_lo = x_serr;   inc_hi = c_score_q; end
      default: ;
    endcase
  end
  // One 65-bit adder for both halves: the bit between them is 1 for the
  // 64-bit counters (a carry out of the low half passes on: 1 + 0 + 1) and 0
  // for two 32-bit counters (0 + 0 + carry stops it).
  // Waiver: the separator bit's sum is not part of the word.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [64:0] rmw_sum = {is_score ? 32'd0 : ctx_rdata_i[63:32], cnt64, ctx_rdata_i[31:0]} +
                        {inc_hi, 1'b0, inc_lo};
  /* verilator lint_on UNUSEDSIGNAL */
  wire [63:0] rmw_word = {rmw_sum[64:33], rmw_sum[31:0]};
  wire        rmw_word_now = (SMALL != 0) && bus_cnt_q[3:0] >= 4'd8 && bus_cnt_q[3:0] <= 4'd14 &&
                             bus_cnt_q < 6'd16;

  // Context words for the store
  reg [63:0] ctx_word;
  always @(*) begin
    case (bus_cnt_q[3:0])
      4'd0: ctx_word = {c_max_rk_q, 4'd0, c_la_cc_q, 4'd0, c_cc_q, 5'd0, c_nv, c_pfc_q, c_la_valid_q,
                        c_flush_q, c_disc_q, c_keyed_q, c_kb_q, c_stateful_q, c_dir_q, c_valid_q};
      4'd1: ctx_word = (!c_stateful_q && SMALL == 0) ? c_nk_q[127:64] : {48'd0, st_sb_q ? rc4_ij : c_ij_q};
      4'd2: ctx_word = (SMALL != 0) ? 64'd0 : c_start_q[63:0];    // small: not written
      4'd3: ctx_word = (SMALL != 0) ? 64'd0 : c_start_q[127:64];
      // small: gathered from the key RAM into ck_key_q[127:64] (S_STORE)
      4'd4: ctx_word = (SMALL != 0) ? ck_key_q[127:64] : c_sess_q[63:0];
      4'd5: ctx_word = (SMALL != 0) ? ck_key_q[127:64] : c_sess_q[127:64];
      4'd6: ctx_word = (SMALL != 0) ? ck_key_q[127:64] : c_la_key_q[63:0];
      4'd7: ctx_word = (SMALL != 0) ? ck_key_q[127:64] : c_la_key_q[127:64];
      4'd8: ctx_word = (SMALL != 0) ? 64'd0 : c_packets_q;   // small: rmw_word
      4'd9: ctx_word = (SMALL != 0) ? 64'd0 : c_bytes_q;
      4'd10: ctx_word = (SMALL != 0) ? 64'd0 : c_kchg_q;
      4'd11: ctx_word = (SMALL != 0) ? 64'd0 : {c_dropped_q, c_resets_q};
      4'd12: ctx_word = (SMALL != 0) ? 64'd0 : {c_missed_q, c_ooo_q};
      4'd13: ctx_word = (SMALL != 0) ? 64'd0 : {c_impl_q, c_rklim_q};
      4'd14: ctx_word = (SMALL != 0) ? 64'd0 : {c_score_q, c_serr_q};
      4'd15: ctx_word = (!c_stateful_q && SMALL == 0) ? c_nk_q[63:0] : 64'd0;
      default: ctx_word = 64'd0;
    endcase
    if (rmw_word_now)
      ctx_word = rmw_word;
  end

  assign res_tag_o    = tag_q;
  assign res_flow_o   = flow_q;
  assign res_op_o     = op_q;
  assign res_status_o = status_q;
  assign res_ccount_o = res_cc_q;
  assign res_len_o    = res_len_q;
  assign res_flags_o  = flags_q |
      ((exists_q && op_q == `MPPE_OP_DECRYPT && c_score_q >= 32'd1600) ? `MPPE_CF_SANITY_FATAL : 8'h00);
  assign bus_flow_o   = flow_q;

  // ---------------------------------------------------------------------
  // Next-key precompute (stateless flows): while the packet streams, the
  // next-key unit (hdl/mppe_nextkey.v) computes change_key(session) with the
  // SHA-1 core and the tables of that key in the second bank; they are
  // stored in the flow's RC4 state slot (unused by stateless flows), so the
  // next packet of the flow starts streaming as soon as the context is loaded.
  reg          p_start, p_clear;
  // Waiver: the precompute runs only on the block-fed core (not small).
  /* verilator lint_off UNUSEDSIGNAL */
  wire         p_blk0;
  wire [31:0]  p_word;
  /* verilator lint_on UNUSEDSIGNAL */
  mppe_nextkey #(.ENABLE(SMALL == 0)) u_next (
    .clk_i, .rst_ni,
    .start_i      (p_start),
    .clear_i      (p_clear),
    .init_i       (1'b0),
    .key_i        (ck_key_q),
    .start_key_i  (c_start_q),
    .kb_i         (c_kb_q),
    .active_o     (p_active),
    .done_o       (p_done),
    .key_o        (p_key),
    .sha_start_o  (p_sha_start),
    .sha_first_o  (p_sha_first),
    .sha_block_o  (p_sha_block),
    .sha_done_i   (sha_done),
    .sha_digest_i (sha_digest),
    .sha_blk0_o   (p_blk0),
    .sha_wn_i     (5'd0),
    .sha_word_o   (p_word),
    .rb_ksa_o     (rb_ksa),
    .rb_next_o    (rb_next),
    .rb_key_o     (rb_key),
    .rb_busy_i    (rb_busy),
    .rb_rdy_i     (rb_rdy),
    .rb_ks_i      (rb_ks)
  );

  // The key changes of the packet in hand (change_key() of mppe_flow.c, RFC
  // 3078 7.3) and a flow's first session key (mppe_flow_init(), RFC 3079
  // 3.3): the same unit, on the main bank (the packet then streams on it),
  // the key in ck_key_q (the engine's, registered from u_ck's key_o while it
  // runs). S_CK starts it and waits; one change at a time, so that a receive
  // flow's run of missed changes stops at its budget (ck_left_q).
  reg          ck_start;
  wire [127:0] ck_key_next;
  mppe_nextkey #(.TABLES(1'b0), .KEY_REG(1'b0), .INIT_ALONE(1'b1)) u_ck (
    .clk_i, .rst_ni,
    .start_i      (ck_start),
    .clear_i      (1'b0),
    .init_i       (ck_init_d),    // taken with ck_start, set in the same clock
    .key_i        (ck_key_q),
    // small: the start key's words come from the key RAM (kf_word)
    .start_key_i  ((SMALL != 0) ? 128'd0 : c_start_q),
    .kb_i         (c_kb_q),
    .active_o     (ck_active),
    .done_o       (ck_done),
    .key_o        (ck_key_next),
    .sha_start_o  (ck_sha_start),
    .sha_first_o  (ck_sha_first),
    .sha_block_o  (ck_sha_block),
    .sha_done_i   (sha_done),
    .sha_digest_i (sha_digest),
    .sha_blk0_o   (ck_blk0),
    .sha_wn_i     (sw_q),
    .sha_word_o   (ck_sha_word),
    .rb_ksa_o     (ck_rb_ksa),
    .rb_next_o    (ck_rb_next),
    .rb_key_o     (ck_rb_key),
    .rb_busy_i    (rc4_busy),
    .rb_rdy_i     (rc4_rdy),
    .rb_ks_i      (rc4_ks)
  );

  // ---------------------------------------------------------------------
  // The byte stream: input reader, output packer, the RC4 loop of S_STREAM
  mppe_stream u_stream (
    .clk_i,
    .in_valid_i, .in_data_i, .in_pop_o,
    .out_space_i, .out_we_o, .out_data_o,
    .start_i       (s_start),
    .start_words_i (s_start_words),
    .pop_i         (s_pop),
    .seek_i        (s_seek),
    .boff_i        (s_boff),
    .bleft_i       (s_bleft),
    .oleft_we_i    (s_oleft_we),
    .oleft_i       (s_oleft),
    .emit_i        (emit_en),
    .emit_b_i      (emit_b),
    .stream_i      (state_q == S_STREAM),
    .ks_rdy_i      (rc4_rdy),
    .ks_i          (rc4_ks),
    .ks_next_o     (s_ks_next),
    .words_o       (words_q),
    .bleft_o       (bleft_q),
    .last_o        (s_last)
  );

  // ---------------------------------------------------------------------
  // The operation as concerns, each an always block that owns its
  // registers' next values (docs/rtl-engine.md "The engine's blocks"):
  //   the context port   the bus bursts of S_LOAD, S_KLOAD, S_INIT_ST and
  //                      S_STORE; the FSM starts a burst (burst_*) and
  //                      moves on at its last word (ld_last, kl_last,
  //                      ist_last, st_last)
  //   the flow counters  mppe_flow.c's counters: loaded with the context,
  //                      changed by the FSM's events (ev_*), stored
  //   the key register   ck_key_q (the key being changed, the packet's)
  //                      and the small variant's key RAM
  //   the FSM            the state, the decision and its context fields,
  //                      the RC4, SHA-1 and stream commands

  // The context port. A burst's counters are set to 0 when the FSM starts
  // it and count its words in the clocked block below.
  reg  burst_ld;                             // a load burst (S_LOAD, S_KLOAD)
  reg  burst_sb;                             // S_INIT_ST: the first tables
  reg  burst_st;                             // the store (S_KCOMMIT, S_STORE)
  reg  bus_cnt_inc, bus_rcv_inc, kg_inc, kg_clr, rmw_rd;
  wire ld_rx     = bus_rcv_q != bus_cnt_q;   // the word read last clock is here
  wire ld_last   = ld_rx && bus_rcv_q == 6'd31;
  wire kl_last   = ld_rx && bus_rcv_q == 6'd23;
  wire ist_go    = bus_gnt_i && sbw_valid;   // S_INIT_ST: a table word goes
  wire ist_last  = ist_go && bus_cnt_q == 6'd31;
  // S_STORE: small: a counter word is read first (rmw) and a key word
  // gathered from the key RAM (st_gather) before the word is written
  wire st_rmw    = rmw_word_now && !rmw_q;
  wire st_gather = !st_rmw && SMALL != 0 && bus_cnt_q[5:2] == 4'd1 && kg_q != 3'd5;
  wire st_go     = bus_gnt_i && (!st_sb_q || sbw_valid);
  wire st_last   = !st_rmw && !st_gather && st_go && bus_cnt_q == (st_sb_q ? 6'd31 : 6'd15);

  always @(*) begin
    bus_req_o = 1'b0;
    ctx_en_o = 1'b0; ctx_we_o = 1'b0; ctx_addr_o = 4'd0; ctx_wdata_o = 64'd0;
    sb_en_o = 1'b0; sb_we_o = 1'b0; sb_addr_o = 5'd0;
    rc4_ld_we = 1'b0; sbw_ack = 1'b0;
    bus_cnt_inc = 1'b0; bus_rcv_inc = 1'b0; kg_inc = 1'b0; kg_clr = 1'b0; rmw_rd = 1'b0;
    case (state_q)
      // 16 context words and 32 RC4 state words, read in the same clocks;
      // each word arrives a clock later (its fields: the FSM and the
      // counters; the state words: bank A)
      S_LOAD: begin
        bus_req_o = 1'b1;
        if (bus_gnt_i && bus_cnt_q < 6'd32 &&
            (RC4_BRAM == 0 || (bus_rcv_q == bus_cnt_q && rc4_idle))) begin
          sb_en_o     = 1'b1;
          sb_addr_o   = bus_cnt_q[4:0];
          ctx_en_o    = bus_cnt_q < 6'd16;
          ctx_addr_o  = bus_cnt_q[3:0];
          bus_cnt_inc = 1'b1;
        end
        if (ld_rx) begin
          rc4_ld_we   = 1'b1;
          bus_rcv_inc = 1'b1;
        end
      end
      // Small: context words 2-7 again, a 16-bit half each read (into the
      // key RAM, the key register's block)
      S_KLOAD: if (SMALL != 0) begin   // (unreachable in the big engine)
        bus_req_o = 1'b1;
        if (bus_gnt_i && bus_cnt_q < 6'd24) begin
          ctx_en_o    = 1'b1;
          ctx_addr_o  = 4'd2 + {1'b0, bus_cnt_q[4:2]};
          bus_cnt_inc = 1'b1;
        end
        if (ld_rx)
          bus_rcv_inc = 1'b1;
      end
      // A stateful flow's first tables, stored at once
      S_INIT_ST: begin
        bus_req_o = 1'b1;
        if (ist_go) begin
          sbw_ack     = 1'b1;
          sb_en_o     = 1'b1;
          sb_we_o     = 1'b1;
          sb_addr_o   = bus_cnt_q[4:0];
          bus_cnt_inc = 1'b1;
        end
      end
      // Write the context back (and the tables when they are committed)
      S_STORE: begin
        bus_req_o = 1'b1;
        if (st_rmw) begin
          // small: read the counter word; written with the increments next clock
          if (st_go) begin
            ctx_en_o   = 1'b1;
            ctx_addr_o = bus_cnt_q[3:0];
            rmw_rd     = 1'b1;
          end
        end else if (st_gather) begin
          // small: key word 4-7 from the key RAM, its four halves shifted
          // into ck_key_q[127:64] (the key register's block)
          kg_inc = 1'b1;
        end else if (st_go) begin
          kg_clr      = 1'b1;
          sbw_ack     = st_sb_q;
          // the start key never changes: the small engine leaves it in the RAM
          ctx_en_o    = bus_cnt_q < 6'd16 && !(SMALL != 0 && bus_cnt_q[3:1] == 3'd1);
          ctx_we_o    = 1'b1;
          ctx_addr_o  = bus_cnt_q[3:0];
          ctx_wdata_o = ctx_word;
          sb_en_o     = st_sb_q;
          sb_we_o     = 1'b1;
          sb_addr_o   = bus_cnt_q[4:0];
          bus_cnt_inc = 1'b1;
        end
      end
      default: ;
    endcase
  end

  // The flow counters (struct mppe_flow's, mppe_flow.c): loaded with
  // context words 8-14 (the small variant: from 0, this operation's
  // increments), changed by the FSM's events, stored by ctx_word.
  reg        ev_tx;                          // mppe_flow_encrypt(): a packet sent
  reg        ev_rx_good;                     // rx_good()
  reg        ev_rx_drop;                     // rx_drop(ev_drop_st)
  reg [3:0]  ev_drop_st;
  reg        ev_key_changed;                 // encrypt: one key change
  reg        ev_reset;                       // a CCP reset (sent or asked for)
  reg        ev_missed;                      // ev_missed_n - 1 packets missed
  reg [11:0] ev_missed_n;
  always @(*) begin
    c_packets_d = c_packets_q; c_bytes_d = c_bytes_q; c_kchg_d = c_kchg_q;
    c_resets_d = c_resets_q; c_dropped_d = c_dropped_q; c_ooo_d = c_ooo_q;
    c_missed_d = c_missed_q; c_rklim_d = c_rklim_q; c_impl_d = c_impl_q;
    c_serr_d = c_serr_q; c_score_d = c_score_q;
    if (state_q == S_LOAD && ld_rx) begin
      case (bus_rcv_q)
        6'd8: c_packets_d = (SMALL != 0) ? 64'd0 : ctx_rdata_i;
        6'd9: c_bytes_d = (SMALL != 0) ? 64'd0 : ctx_rdata_i;
        6'd10: c_kchg_d = (SMALL != 0) ? 64'd0 : ctx_rdata_i;
        6'd11: {c_dropped_d, c_resets_d} = (SMALL != 0) ? 64'd0 : ctx_rdata_i;
        6'd12: {c_missed_d, c_ooo_d} = (SMALL != 0) ? 64'd0 : ctx_rdata_i;
        6'd13: {c_impl_d, c_rklim_d} = (SMALL != 0) ? 64'd0 : ctx_rdata_i;
        6'd14: begin
          c_score_d = ctx_rdata_i[63:32];
          c_serr_d  = (SMALL != 0) ? 32'd0 : ctx_rdata_i[31:0];
        end
        default: ;
      endcase
    end
    if (ev_tx) begin
      c_packets_d = c_packets_q + 64'd1;
      c_bytes_d   = c_bytes_q + {48'd0, len_q};
    end
    if (ev_rx_good) begin
      c_packets_d = c_packets_q + 64'd1;
      c_bytes_d   = c_bytes_q + {48'd0, len_q} - 64'd2;
      c_kchg_d    = c_kchg_q + {48'd0, rx_chg_q};
      c_score_d   = {1'b0, c_score_q[31:1]};
    end
    if (ev_key_changed)
      c_kchg_d = c_kchg_q + 64'd1;
    if (ev_reset)
      c_resets_d = c_resets_q + 32'd1;
    if (ev_missed)
      c_missed_d = c_missed_q + {20'd0, ev_missed_n} - 32'd1;
    if (ev_rx_drop) begin
      c_dropped_d = c_dropped_q + 32'd1;
      case (ev_drop_st)
        `MPPE_DROP_DUPLICATE, `MPPE_DROP_LATE: c_ooo_d = c_ooo_q + 32'd1;
        `MPPE_DROP_REKEY_LIMIT: c_rklim_d = c_rklim_q + 32'd1;
        `MPPE_DROP_IMPLAUSIBLE: begin
          c_impl_d  = c_impl_q + 32'd1;
          c_serr_d  = c_serr_q + 32'd1;
          c_score_d = score_pen;
        end
        `MPPE_ERR_NOT_ENCRYPTED, `MPPE_ERR_NOT_FLUSHED: begin
          c_serr_d  = c_serr_q + 32'd1;
          c_score_d = score_pen;
        end
        default: ;
      endcase
    end
  end

  // The key register (ck_key_q: the key being changed, then the packet's
  // key; u_ck's while it runs) and the small variant's key RAM: which half
  // is read or written each clock. ck_from (the FSM's) names the key to
  // change; the small variant copies it from the RAM (S_KCOPY).
  always @(*) begin
    ck_key_d = ck_key_q;
    kr_en = 1'b0; kr_addr = 5'd0; kw_en = 1'b0; kw_addr = 5'd0; kw_data = 16'd0;
    kf_ph_d = 2'd0;
    case (state_q)
      // small: context words 2-7 into the key RAM (half q at address q)
      S_KLOAD: if (SMALL != 0 && ld_rx) begin
        kw_en   = 1'b1;
        kw_addr = bus_rcv_q[4:0];
        kw_data = ctx_rdata_i[{bus_rcv_q[1:0], 4'b0000} +: 16];
      end
      // small: the stored key of slot kc_slot_q, a half per clock shifted
      // in from the top (half 0 ends in bits 15:0)
      S_KCOPY: if (SMALL != 0) begin
        if (cnt_q < 5'd8) begin
          kr_en   = 1'b1;
          kr_addr = {kc_slot_q, cnt_q[2:0]};
        end
        if (cnt_q != 5'd0)
          ck_key_d = {kr_q, ck_key_q[127:16]};
      end
      S_CK: if (SMALL != 0) begin
        // the start key's word sw_q for u_ck's SHA-1 (halves 2 sw_q, 2 sw_q + 1)
        if (kf_start_word) begin
          case (kf_ph_q)
            2'd0: begin
              kr_en   = 1'b1;
              kr_addr = {KS_START, sw_q[1:0], 1'b0};
              kf_ph_d = 2'd1;
            end
            2'd1: begin
              kr_en   = 1'b1;
              kr_addr = {KS_START, sw_q[1:0], 1'b1};
              kf_ph_d = 2'd2;
            end
            default: kf_ph_d = sha_win_ready ? 2'd0 : 2'd2;
          endcase
        end
        if (ck_done && ck_init_q)
          init_key_half();
      end
      S_INIT_WR: if (SMALL != 0) init_key_half();
      // small: ck_key_q into the session key's halves (clocks 0-7) if it
      // became the session key, into the lookahead's (8-15) if it became
      // the lookahead; rotated a half per clock, so whole again after 8
      S_KCOMMIT: if (SMALL != 0) begin
        kw_en    = cnt_q[3] ? la_ck_q : sess_ck_q;
        kw_addr  = {cnt_q[3] ? KS_LA : KS_SESS, cnt_q[2:0]};
        kw_data  = ck_key_q[15:0];
        ck_key_d = {ck_key_q[15:0], ck_key_q[127:16]};
      end
      // small: a key word of the store (read, then shifted in the next clock)
      S_STORE: if (st_gather) begin
        if (kg_q < 3'd4) begin
          kr_en   = 1'b1;
          kr_addr = {bus_cnt_q[1] ? KS_LA : KS_SESS, bus_cnt_q[0], kg_q[1:0]};
        end
        if (kg_q != 3'd0)
          ck_key_d = {kr_q, ck_key_q[127:16]};
      end
      // self-test RC4: the key from the input
      S_T_RC4_K0: if (in_valid_i) ck_key_d[63:0] = in_data_i;
      S_T_RC4_K1: if (in_valid_i) ck_key_d[127:64] = in_data_i;
      default: ;
    endcase
    if (SMALL == 0) begin
      case (ck_from)
        K_START: ck_key_d = c_start_q;
        K_SESS:  ck_key_d = c_sess_q;
        K_LA:    ck_key_d = c_la_key_q;
        K_NEXT:  ck_key_d = c_nk_q;
        default: ;
      endcase
    end
  end

  // The first session key (u_ck's result in ck_key_q), small: into the key
  // RAM's session slot, a half a clock (cnt_q 0..7; S_CHECK changes it in
  // this same operation, from there)
  task automatic init_key_half;
    begin
      kw_en   = 1'b1;
      kw_addr = {KS_SESS, cnt_q[2:0]};
      kw_data = ck_key_q[{cnt_q[2:0], 4'b0000} +: 16];
    end
  endtask

  // ---------------------------------------------------------------------
  // The FSM. Helper tasks keep the per-state arms short.
  reg [15:0] n_chg;

  task automatic finish;   // end of the operation: store (if any) and post
    input [3:0] st;
    begin
      status_d = st;
      state_d  = S_DRAIN;
    end
  endtask

  task automatic rx_drop;  // rx_drop() of mppe_flow.c (its counters: the counters block)
    input [3:0] st;
    begin
      ev_rx_drop = 1'b1;
      ev_drop_st = st;
      finish(st);
    end
  endtask

  task automatic pop_word;    // pop the head input word whole
    s_pop = 1'b1;
  endtask

  task automatic seek;        // read octet b of the head word next, n octets to stream
    input [2:0]  b;
    input [15:0] n;
    begin
      s_seek  = 1'b1;
      s_boff  = b;
      s_bleft = n;
    end
  endtask

  task automatic set_oleft;   // octets still to emit
    input [15:0] n;
    begin
      s_oleft_we = 1'b1;
      s_oleft    = n;
    end
  endtask

  // Output: emit() hands one octet to the stream unit's packer (one packer
  // for every state that emits); a full word (or the last octet) is pushed.
  // The caller checks emit_ok first.
  reg       emit_en;
  reg [7:0] emit_b;
  task automatic emit;
    input [7:0] b;
    begin
      emit_en = 1'b1;
      emit_b  = b;
    end
  endtask

  task automatic key_change;  // ck_left_d changes of the key ck_from names (u_ck)
    state_d = S_CK;
  endtask

  // The first session key, small: into the key RAM, a half a clock
  // (init_key_half, the key register's block), then committed
  task automatic init_write;
    begin
      cnt_d   = cnt_q + 5'd1;
      state_d = (cnt_q == 5'd7) ? S_INIT_SET : S_INIT_WR;
    end
  endtask

  // ... then committed; a stateful flow's tables from it (no RC4 pass, RFC
  // 3079 3.3; rc4_key is ck_key_q)
  task automatic init_set;
    begin
      c_sess_d  = ck_key_q;
      c_keyed_d = 1'b1;
      st_ctx_d  = 1'b1;
      if (c_stateful_q) begin
        rc4_ksa = 1'b1;
        state_d = S_INIT_KSAW;
      end else begin
        state_d = S_CHECK;
      end
    end
  endtask

  // S_CHECK, one task per operation, each the C function it reproduces
  // line by line ("Where the C model's rules live", docs/rtl-engine.md).

  // mppe_flow_encrypt(): checks, the key change (RFC 3078 7.1 stateless,
  // 7.2 flag packet, 8.2 after a CCP Reset-Request), then the header
  task automatic check_encrypt;
    begin
      if (c_dir_q) finish(`MPPE_ERR_BAD_FLOW);
      else if (len_q < 16'd2) finish(`MPPE_ERR_SHORT);
      else if (len_q > 16'd2048) finish(`MPPE_ERR_TOO_LONG);
      else if (!(hdr0 == 8'h00 && carried(hdr1))) finish(`MPPE_ERR_BAD_PROTOCOL);
      else begin
        c_cc_d    = enc_cc;
        res_cc_d  = enc_cc;
        seek(3'd0, len_q);                // reader still at octet 0
        set_oleft(len_q + 16'd2);
        res_len_d = len_q + 16'd2;
        // RFC 3078 7.1 (stateless: every packet), 7.2 (flag packet),
        // 8.2 (after a CCP Reset-Request)
        if (!c_stateful_q && c_nv) begin
          // stateless, next key and its tables precomputed: loaded
          ev_key_changed = 1'b1;
          c_flush_d = 1'b0;
          flags_d   = `MPPE_CF_FLUSHED;
          ck_from   = K_NEXT;
          state_d   = S_ENC_HDR0;
        end else if (!c_stateful_q || enc_cc[7:0] == 8'hff || c_flush_q) begin
          ev_key_changed = 1'b1;
          c_flush_d = 1'b0;
          flags_d   = `MPPE_CF_FLUSHED;
          ck_from   = K_SESS;
          ck_left_d = 16'd1;
          ck_ret_d  = S_PKT_KSA;
          key_change();
        end else begin
          state_d = S_ENC_HDR0;
        end
      end
    end
  endtask

  // mppe_flow_decrypt(): length checks, then mppe_rx_decide()'s verdict
  // (u_rxdecide) acted on: drop, key changes (rx_stateless()), same key or
  // trial keys (rx_stateful())
  task automatic check_decrypt;
    begin
      if (len_q >= 16'd2) begin
        res_cc_d = hdr_cc;
        flags_d  = hdr0[7] ? `MPPE_CF_FLUSHED : 8'h00;
      end
      rx_cc_d = hdr_cc;
      rx_d_d  = d_cc;
      seek(3'd2, len_q - 16'd2);            // past the MPPE header
      set_oleft(len_q - 16'd2);
      if (!c_dir_q) finish(`MPPE_ERR_BAD_FLOW);
      else if (len_q < 16'd4) rx_drop(`MPPE_ERR_SHORT);
      else if (len_q > 16'd2050) rx_drop(`MPPE_ERR_TOO_LONG);
      else if (rd_action == RD_DROP) begin
        // bogus header, duplicate, late, discarding; or RFC 3078
        // 8.2 loss: ask for a CCP Reset-Request, discard until a
        // flushed packet (enter_discard())
        if (rd_discard) begin
          c_disc_d    = 1'b1;
          ev_missed   = 1'b1;
          ev_missed_n = d_cc;
          ev_reset    = 1'b1;
          flags_d     = flags_d | `MPPE_CF_RESET_REQUEST;
        end
        rx_drop(rd_status);
      end else if (rd_action == RD_CHANGE) begin
        // rx_stateless(): RFC 3078 8.1, N = C1 - C2 key changes,
        // continuing from the lookahead, at most max_rekeys now.
        rx_tr_d = 1'b0;
        if (c_la_valid_q && la_dist >= 12'd1 && la_dist <= d_cc) begin
          ck_from   = K_LA;
          rx_done_d = la_dist;
          n_chg     = {4'd0, d_cc - la_dist};
          if (n_chg > c_max_rk_q)
            n_chg = c_max_rk_q;
        end else if (c_nv) begin
          // the precomputed next key is the first change (it costs
          // one of the budget, as change_key() would); for an
          // in-order packet its tables are already loaded
          ck_from   = K_NEXT;
          rx_done_d = 12'd1;
          rx_tr_d   = d_cc == 12'd1;
          n_chg     = {4'd0, d_cc - 12'd1};
          if (n_chg > c_max_rk_q - 16'd1)
            n_chg = c_max_rk_q - 16'd1;
        end else begin
          ck_from   = K_SESS;
          rx_done_d = 12'd0;
          n_chg     = {4'd0, d_cc};
          if (n_chg > c_max_rk_q)
            n_chg = c_max_rk_q;
        end
        ck_left_d = n_chg;
        rx_chg_d  = n_chg;
        ck_ret_d  = S_ST_RX_LA;
        if (n_chg == 16'd0) state_d = S_ST_RX_LA;
        else key_change();
      end else if (rd_action == RD_SAME) begin
        // rx_stateful(), in order: same key, same tables, one
        // trial, no key change
        rx_chg_d = 16'd0;
        rx_k_d   = 5'd0;
        rx_hi_d  = 5'd0;
        state_d  = S_RX_DEC0;
      end else begin
        // rx_stateful(): trial keys rd_lo..rd_hi changes on
        rx_lo_d   = rd_lo;
        rx_hi_d   = rd_hi;
        rx_k_d    = 5'd0;
        ck_from   = K_SESS;
        ck_left_d = 16'd1;
        ck_ret_d  = S_RXF_NEXT;
        key_change();
      end
    end
  endtask

  // mppe_flow_reset(): a CCP Reset-Request received by the sender (RFC
  // 3078 8.2): the next packet is flushed under a new key
  task automatic check_reset;
    begin
      if (c_dir_q) finish(`MPPE_ERR_BAD_OP);
      else begin
        c_flush_d = 1'b1;
        ev_reset  = 1'b1;
        finish(`MPPE_OK);
      end
    end
  endtask

  // S_RX_CHECK: try_decrypt()'s verdict on the two trial octets: commit
  // (rx_stateless() / rx_stateful(), then rx_good()), the next trial key,
  // or a drop (enter_discard() when a stateful flow is out of step)
  task automatic rx_verdict;
    begin
      if (!plausible(pt0_q, pt1_q, c_pfc_q)) begin
        if (!c_stateful_q) begin
          rx_drop(`MPPE_DROP_IMPLAUSIBLE);   // nothing else committed
        end else if (rx_k_q < rx_hi_q) begin
          ck_left_d = 16'd1;                 // the next trial key
          key_change();
        end else begin
          // out of step: resynchronise (enter_discard() unless already)
          if (!c_disc_q) begin
            c_disc_d = 1'b1;
            ev_reset = 1'b1;
            flags_d  = flags_q | `MPPE_CF_RESET_REQUEST;
          end
          rx_drop(`MPPE_DROP_IMPLAUSIBLE);
        end
      end else begin
        seek(3'd4, len_q - 16'd4);           // past the protocol field
        if (!c_stateful_q) begin
          // rx_stateless() commit
          sess_from_ck = 1'b1;
          p_start  = 1'b1;           // next key, while streaming
          if (c_la_valid_d && (c_la_cc_d - c_cc_q) <= rx_d_q)
            c_la_valid_d = 1'b0;
          ev_missed   = 1'b1;
          ev_missed_n = rx_d_q;
        end else begin
          // rx_stateful() commit (gaps while discarding are not missed)
          if (rx_chg_q != 16'd0)
            sess_from_ck = 1'b1;
          c_disc_d = 1'b0;
          st_sb_d  = 1'b1;
        end
        // rx_good() (its counters: the counters block)
        c_cc_d      = rx_cc_q;
        ev_rx_good  = 1'b1;
        res_len_d   = len_q - 16'd2;
        state_d     = S_RX_EMIT0;
      end
    end
  endtask

  always @(*) begin
    state_d   = state_q;
    ck_ret_d  = ck_ret_q;
    tag_d = tag_q; flow_d = flow_q; op_d = op_q; len_d = len_q;
    status_d = status_q; flags_d = flags_q; res_cc_d = res_cc_q; res_len_d = res_len_q;
    exists_d = exists_q; st_ctx_d = st_ctx_q; st_sb_d = st_sb_q;
    s_start = 1'b0; s_start_words = 14'd0; s_pop = 1'b0;
    s_seek = 1'b0; s_boff = 3'd0; s_bleft = 16'd0; s_oleft_we = 1'b0; s_oleft = 16'd0;
    c_valid_d = c_valid_q; c_dir_d = c_dir_q; c_stateful_d = c_stateful_q; c_kb_d = c_kb_q;
    c_keyed_d = c_keyed_q; c_disc_d = c_disc_q; c_flush_d = c_flush_q; c_la_valid_d = c_la_valid_q; c_pfc_d = c_pfc_q;
    c_nv_d = c_nv_q; c_nk_d = c_nk_q; rx_tr_d = rx_tr_q;
    c_cc_d = c_cc_q; c_la_cc_d = c_la_cc_q; c_max_rk_d = c_max_rk_q; c_ij_d = c_ij_q;
    c_start_d = c_start_q; c_sess_d = c_sess_q; c_la_key_d = c_la_key_q;
    rx_cc_d = rx_cc_q; rx_d_d = rx_d_q; rx_done_d = rx_done_q; rx_chg_d = rx_chg_q;
    rx_k_d = rx_k_q; rx_lo_d = rx_lo_q; rx_hi_d = rx_hi_q;
    pt0_d = pt0_q; pt1_d = pt1_q;
    ck_left_d = ck_left_q; ck_init_d = ck_init_q;
    cnt_d = cnt_q;
    skip_d = skip_q; blk_d = blk_q;
    n_chg = 16'd0;
    kc_slot_d = kc_slot_q; kc_next_d = kc_next_q;
    sess_ck_d = sess_ck_q; la_ck_d = la_ck_q;
    p_start = 1'b0;
    p_clear = 1'b0;
    burst_ld = 1'b0; burst_sb = 1'b0; burst_st = 1'b0;
    ev_tx = 1'b0; ev_rx_good = 1'b0; ev_rx_drop = 1'b0; ev_drop_st = 4'd0;
    ev_key_changed = 1'b0; ev_reset = 1'b0; ev_missed = 1'b0; ev_missed_n = 12'd0;

    desc_ready_o = 1'b0;
    res_valid_o  = 1'b0;
    rc4_ksa = 1'b0; rc4_next = 1'b0; rc4_ij_we = 1'b0;
    rc4_key_len = key_len; ck_start = 1'b0;
    ck_from = K_KEEP; sess_from_ck = 1'b0;
    emit_en = 1'b0; emit_b = 8'd0;
    m_sha_start = 1'b0; m_sha_first = 1'b1;

    case (state_q)
      // Take the next operation.
      S_IDLE: begin
        desc_ready_o = 1'b1;
        if (desc_valid_i) begin
          tag_d = desc_tag_i; flow_d = desc_flow_i; op_d = desc_op_i; len_d = desc_len_i;
          s_start       = 1'b1;     // reader and packer at octet 0
          s_start_words = (desc_len_i == 16'd0) ? 14'd1 : desc_words;
          status_d = `MPPE_OK; flags_d = 8'h00; res_cc_d = 12'd0; res_len_d = 16'd0;
          exists_d = 1'b0; st_ctx_d = 1'b0; st_sb_d = 1'b0;
          sess_ck_d = 1'b0; la_ck_d = 1'b0;
          if (desc_op_i == `MPPE_OP_SELFTEST_RC4) begin
            if (desc_len_i < 16'd20) finish(`MPPE_ERR_BAD_OP);
            else if (desc_len_i > 16'd2048) finish(`MPPE_ERR_TOO_LONG);
            else state_d = S_T_RC4_K0;
          end else if (desc_op_i == `MPPE_OP_SELFTEST_SHA1) begin
            if (desc_len_i != 16'd64) finish(`MPPE_ERR_BAD_OP);
            else begin
              cnt_d = 5'd0;
              // the small SHA-1 is started first and takes the words as they come
              state_d = (SMALL != 0) ? S_T_SHA_RUN : S_T_SHA_IN;
            end
          end else if ({{(32-FLOW_W){1'b0}}, desc_flow_i} >= NUM_FLOWS) begin
            finish(`MPPE_ERR_BAD_FLOW);
          end else begin
            burst_ld = 1'b1;
            state_d  = S_LOAD;
          end
        end
      end

      // The context's fields as its words arrive (the context port reads
      // them; words 8-14 are the counters block's).
      S_LOAD: begin
        if (ld_rx) begin
          case (bus_rcv_q)
            6'd0: begin
              c_valid_d = ctx_rdata_i[0]; c_dir_d = ctx_rdata_i[1];
              c_stateful_d = ctx_rdata_i[2]; c_kb_d = ctx_rdata_i[4:3];
              c_keyed_d = ctx_rdata_i[5]; c_disc_d = ctx_rdata_i[6];
              c_flush_d = ctx_rdata_i[7]; c_la_valid_d = ctx_rdata_i[8];
              c_pfc_d = ctx_rdata_i[9]; c_nv_d = ctx_rdata_i[10];
              c_cc_d = ctx_rdata_i[27:16]; c_la_cc_d = ctx_rdata_i[43:32];
              c_max_rk_d = ctx_rdata_i[63:48];
            end
            6'd1: begin
              c_ij_d = ctx_rdata_i[15:0];
              c_nk_d[127:64] = ctx_rdata_i;
            end
            6'd15: c_nk_d[63:0] = ctx_rdata_i;
            6'd2: c_start_d[63:0] = ctx_rdata_i;
            6'd3: c_start_d[127:64] = ctx_rdata_i;
            6'd4: c_sess_d[63:0] = ctx_rdata_i;
            6'd5: c_sess_d[127:64] = ctx_rdata_i;
            6'd6: c_la_key_d[63:0] = ctx_rdata_i;
            6'd7: c_la_key_d[127:64] = ctx_rdata_i;
            default: ;
          endcase
        end
        if (ld_last) begin
          if (SMALL != 0) begin
            burst_ld = 1'b1;
            state_d  = S_KLOAD;
          end else begin
            state_d = S_CHECK;
          end
        end
      end

      // Small: context words 2-7 again, a 16-bit half each read, into the
      // key RAM (half q of the 24 at address q; the bus stays granted).
      S_KLOAD: if (SMALL != 0) begin   // (unreachable in the big engine)
        if (kl_last)
          state_d = S_CHECK;
      end

      // Small: the stored key of slot kc_slot_q into ck_key_q (the key
      // register's block), a half per clock.
      S_KCOPY: if (SMALL != 0) begin   // (unreachable in the big engine)
        cnt_d = cnt_q + 5'd1;
        if (cnt_q == 5'd8)
          state_d = kc_next_q;
      end

      // Decide, on the context and the first input word.
      S_CHECK: begin
        rc4_ij_we = rc4_idle;       // i/j of the loaded tables
        if (!rc4_idle) begin
          // block-RAM bank: the last loaded word is still being written
        end else if (!c_valid_q) begin
          finish(`MPPE_ERR_BAD_FLOW);           // no such flow: no counters, no flags
        end else if (!c_keyed_q) begin
          // mppe_flow_init(): session = GetNewKeyFromSHA(start, start), reduced;
          // tables = RC4 key schedule of it. Done at the first operation.
          ck_from   = K_START;
          ck_init_d = 1'b1;
          ck_left_d = 16'd1;
          key_change();
        end else if (in_valid_i) begin
          exists_d = 1'b1;
          st_ctx_d = 1'b1;
          ck_init_d = 1'b0;
          case (op_q)
            `MPPE_OP_ENCRYPT: check_encrypt();
            `MPPE_OP_DECRYPT: check_decrypt();
            `MPPE_OP_RESET:   check_reset();
            default: finish(`MPPE_ERR_BAD_OP);
          endcase
        end
      end

      // --- key changes (u_ck: change_key() of mppe_flow.c, RFC 3078 7.3),
      // ck_left_q of them, or the first session key alone (ck_init_q) ---
      // (small: the key register's block reads the start key's words from
      // the key RAM for u_ck's SHA-1)
      S_CK: begin
        cnt_d = 5'd0;
        if (ck_done) begin
          if (ck_init_q) begin
            if (SMALL != 0) init_write();
            else init_set();
          end else begin
            ck_left_d = ck_left_q - 16'd1;
            if (ck_left_q == 16'd1) state_d = ck_ret_q;
            else key_change();      // the next change (u_ck starts again)
          end
        end
      end
      S_INIT_WR: if (SMALL != 0) begin   // (unreachable in the big engine)
        init_write();
      end
      S_INIT_SET: init_set();

      // First session key of a stateful flow: tables, stored at once so a
      // failed trial of this same operation cannot lose them.
      S_INIT_KSAW: begin
        if (!rc4_busy) begin
          burst_sb = 1'b1;
          state_d  = S_INIT_ST;
        end
      end
      S_INIT_ST: begin
        if (ist_last) begin
          c_ij_d  = 16'd0;
          state_d = S_CHECK;
        end
      end

      // rx_stateless() after the key changes: keep the furthest key as the
      // lookahead, then the budget check.
      S_ST_RX_LA: begin
        begin
          // done = rx_done + changes done in this run (rx_chg)
          if (((rx_done_q + rx_chg_q[11:0]) < rx_d_q) || !c_la_valid_q ||
              (la_dist < (rx_done_q + rx_chg_q[11:0]))) begin
            c_la_key_d   = ck_key_q;
            la_ck_d      = 1'b1;
            c_la_cc_d    = c_cc_q + rx_done_q + rx_chg_q[11:0];
            c_la_valid_d = 1'b1;
          end
          if ((rx_done_q + rx_chg_q[11:0]) < rx_d_q) begin
            rx_drop(`MPPE_DROP_REKEY_LIMIT);
          end else begin
            rx_chg_d = {4'd0, rx_d_q};
            state_d  = rx_tr_q ? S_RX_DEC0 : S_PKT_KSA;
          end
        end
      end

      // rx_stateful() resync loop: key change k done; try it from lo on.
      S_RXF_NEXT: begin
        rx_k_d = rx_k_q + 5'd1;
        if (rx_k_q + 5'd1 < rx_lo_q) begin
          ck_left_d = 16'd1;
          key_change();
        end else begin
          rx_chg_d = {11'd0, rx_k_q + 5'd1};
          state_d  = S_PKT_KSA;
        end
      end

      // Tables for the packet's key.
      S_PKT_KSA: begin
        rc4_ksa = 1'b1;
        state_d = S_PKT_KSAW;
      end
      S_PKT_KSAW: begin
        if (!rc4_busy)
          state_d = (op_q == `MPPE_OP_ENCRYPT) ? S_ENC_HDR0 : S_RX_DEC0;
      end

      // --- transmit: header (RFC 3078 3.1), then RC4 of the data ---
      S_ENC_HDR0: begin
        // next key of a stateless flow, while streaming (once: u_next
        // would start again from done)
        p_start = !c_stateful_q && !p_done;
        if (emit_ok) begin
          emit({1'b1 & flags_q[0], 1'b0, 1'b0, 1'b1, c_cc_q[11:8]});
          state_d = S_ENC_HDR1;
        end
      end
      S_ENC_HDR1: begin
        if (emit_ok) begin
          emit(c_cc_q[7:0]);
          if (flags_q[0])
            sess_from_ck = 1'b1;       // the key changed before this packet
          ev_tx   = 1'b1;
          st_sb_d = c_stateful_q;
          state_d     = S_STREAM;
        end
      end

      // the stream unit runs the loop (stream_i is this state)
      S_STREAM: begin
        rc4_next = s_ks_next;
        if (s_last)
          finish(`MPPE_OK);
      end

      // --- receive: trial decryption of the protocol field (try_decrypt()).
      // The ciphertext octets 0 and 1 are input octets 2 and 3, read in
      // place so that another trial key can read them again.
      S_RX_DEC0: begin
        if (in_valid_i && rc4_rdy) begin
          rc4_next = 1'b1;
          pt0_d = in_data_i[23:16] ^ rc4_ks;
          state_d = S_RX_DEC1;
        end
      end
      S_RX_DEC1: begin
        if (in_valid_i && rc4_rdy) begin
          rc4_next = 1'b1;
          pt1_d = in_data_i[31:24] ^ rc4_ks;
          state_d = S_RX_CHECK;
        end
      end
      S_RX_CHECK: rx_verdict();
      S_RX_EMIT0: begin
        if (emit_ok) begin
          emit(pt0_q);
          state_d = S_RX_EMIT1;
        end
      end
      S_RX_EMIT1: begin
        if (emit_ok) begin
          emit(pt1_q);
          if (bleft_q == 16'd0) finish(`MPPE_OK);
          else state_d = S_STREAM;
        end
      end

      // --- self-test RC4: key[16] key_len 0 skip[2] payload ---
      // (the key register's block takes the key words)
      S_T_RC4_K0: begin
        if (in_valid_i) begin
          pop_word();
          state_d  = S_T_RC4_K1;
        end
      end
      S_T_RC4_K1: begin
        if (in_valid_i) begin
          pop_word();
          state_d  = S_T_RC4_HDR;
        end
      end
      S_T_RC4_HDR: begin
        if (in_valid_i) begin
          if (in_data_i[7:0] == 8'd0 || in_data_i[7:0] > 8'd16) begin
            finish(`MPPE_ERR_BAD_OP);
          end else begin
            rc4_ksa     = 1'b1;
            rc4_key_len = in_data_i[4:0];
            cnt_d       = in_data_i[4:0];
            skip_d      = in_data_i[31:16];
            seek(3'd4, len_q - 16'd20);
            set_oleft(len_q - 16'd20);
            res_len_d   = len_q - 16'd20;
            state_d     = S_T_RC4_KSA;
          end
        end
      end
      S_T_RC4_KSA: begin
        rc4_key_len = cnt_q;
        if (!rc4_busy) state_d = S_T_RC4_SKIP;
      end
      S_T_RC4_SKIP: begin
        if (skip_q != 16'd0) begin
          if (rc4_rdy) begin
            rc4_next = 1'b1;
            skip_d   = skip_q - 16'd1;
          end
        end else if (bleft_q == 16'd0) begin
          // no payload: the last (partial) header word is still queued
          finish(`MPPE_OK);
        end else begin
          state_d = S_STREAM;
        end
      end

      // --- self-test SHA-1: one pre-padded block in, the digest out ---
      S_T_SHA_IN: begin
        if (SMALL != 0) begin
          // word sw_q of the block: low half, then high half of the input word
          if (in_valid_i && sha_win_ready) begin
            if (sw_q[0])
              pop_word();
            if (sw_q == 5'd15) state_d = S_T_SHA_OUT;
          end
        end else if (in_valid_i) begin
          pop_word();
          // word k of the block, octets big-endian (a shift register: no
          // variable part-select, which yosys builds as a barrel shifter)
          blk_d = {blk_q[447:0], in_data_i[7:0], in_data_i[15:8], in_data_i[23:16],
              in_data_i[31:24], in_data_i[39:32], in_data_i[47:40], in_data_i[55:48], in_data_i[63:56]};
          cnt_d = cnt_q + 5'd1;
          if (cnt_q == 5'd7) state_d = S_T_SHA_RUN;
        end
      end
      S_T_SHA_RUN: begin
        m_sha_start = 1'b1;
        m_sha_first = 1'b1;
        cnt_d     = 5'd0;
        set_oleft(16'd20);
        res_len_d = 16'd20;
        state_d   = (SMALL != 0) ? S_T_SHA_IN : S_T_SHA_OUT;
      end
      S_T_SHA_OUT: begin
        if (!sha_busy && !m_sha_start && emit_ok && !sha_done) begin
          emit(sha_digest[159 - 8*cnt_q -: 8]);
          cnt_d = cnt_q + 5'd1;
          if (cnt_q == 5'd19) finish(`MPPE_OK);
        end
      end

      // Pop what is left of the operation's input.
      S_DRAIN: begin
        if (words_q != 14'd0) begin
          if (in_valid_i)
            pop_word();
        end else if (p_active) begin
          // wait for the next-key precompute
        end else if (st_ctx_q) begin
          if (p_done) begin
            c_nv_d  = 1'b1;
            c_nk_d  = p_key;
            st_sb_d = 1'b1;          // its tables go to the state slot
          end
          burst_st = 1'b1;
          cnt_d    = 5'd0;
          state_d  = (SMALL != 0) ? S_KCOMMIT : S_STORE;
        end else begin
          state_d = S_RESULT;
        end
      end

      // Small: ck_key_q into the key RAM (the key register's block), 16
      // clocks.
      S_KCOMMIT: if (SMALL != 0) begin   // (unreachable in the big engine)
        cnt_d    = cnt_q + 5'd1;
        if (cnt_q == 5'd15)
          state_d = S_STORE;
      end

      // Write the context back (the context port).
      S_STORE: begin
        if (st_last)
          state_d = S_RESULT;
      end

      S_RESULT: begin
        res_valid_o = 1'b1;
        p_clear     = 1'b1;
        if (res_ready_i) state_d = S_IDLE;
      end

      default: state_d = S_IDLE;
    endcase

    if (SMALL != 0) begin
      // the key comes from the key RAM first (S_KCOPY), then on
      if (ck_from != K_KEEP) begin
        kc_slot_d = (ck_from == K_START) ? KS_START : (ck_from == K_LA) ? KS_LA : KS_SESS;
        kc_next_d = state_d;
        cnt_d     = 5'd0;
        state_d   = S_KCOPY;
      end
      if (sess_from_ck)
        sess_ck_d = 1'b1;
    end else begin
      // (the key register's block takes ck_key_d from ck_from)
      if (sess_from_ck)
        c_sess_d = ck_key_q;
    end

    // u_ck starts as S_CK is entered (from S_CHECK, S_KCOPY, S_RXF_NEXT,
    // S_RX_CHECK) or taken again for the next change
    ck_start = state_d == S_CK && (state_q != S_CK || ck_done);
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= S_IDLE;
    end else begin
      state_q <= state_d;
    end
  end

  // Data and context registers: no reset needed (state_q gates their use).
  always @(posedge clk_i) begin
    ck_ret_q <= ck_ret_d;
    tag_q <= tag_d; flow_q <= flow_d; op_q <= op_d; len_q <= len_d;
    status_q <= status_d; flags_q <= flags_d; res_cc_q <= res_cc_d; res_len_q <= res_len_d;
    exists_q <= exists_d; st_ctx_q <= st_ctx_d; st_sb_q <= st_sb_d;
    c_valid_q <= c_valid_d; c_dir_q <= c_dir_d; c_stateful_q <= c_stateful_d; c_kb_q <= c_kb_d;
    c_keyed_q <= c_keyed_d; c_disc_q <= c_disc_d; c_flush_q <= c_flush_d; c_la_valid_q <= c_la_valid_d; c_pfc_q <= c_pfc_d;
    c_nv_q <= c_nv_d; c_nk_q <= c_nk_d; rx_tr_q <= rx_tr_d;
    c_cc_q <= c_cc_d; c_la_cc_q <= c_la_cc_d; c_max_rk_q <= c_max_rk_d; c_ij_q <= c_ij_d;
    c_start_q <= c_start_d; c_sess_q <= c_sess_d; c_la_key_q <= c_la_key_d;
    c_packets_q <= c_packets_d; c_bytes_q <= c_bytes_d; c_kchg_q <= c_kchg_d;
    c_resets_q <= c_resets_d; c_dropped_q <= c_dropped_d; c_ooo_q <= c_ooo_d;
    c_missed_q <= c_missed_d; c_rklim_q <= c_rklim_d; c_impl_q <= c_impl_d;
    c_serr_q <= c_serr_d; c_score_q <= c_score_d;
    rx_cc_q <= rx_cc_d; rx_d_q <= rx_d_d; rx_done_q <= rx_done_d; rx_chg_q <= rx_chg_d;
    rx_k_q <= rx_k_d; rx_lo_q <= rx_lo_d; rx_hi_q <= rx_hi_d;
    pt0_q <= pt0_d; pt1_q <= pt1_d;
    ck_key_q <= ck_active ? ck_key_next : ck_key_d;   // u_ck's while it runs
    ck_left_q <= ck_left_d; ck_init_q <= ck_init_d;
    cnt_q <= cnt_d;
    skip_q <= skip_d; blk_q <= blk_d;
    kf_ph_q <= kf_ph_d; kc_slot_q <= kc_slot_d; kc_next_q <= kc_next_d;
    sess_ck_q <= sess_ck_d; la_ck_q <= la_ck_d;
    if (kf_ph_q == 2'd1) kh_q <= kr_q;
    // the context port's burst counters (burst_*: the FSM starts a burst)
    if (burst_ld || burst_sb || burst_st) bus_cnt_q <= 6'd0;
    else if (bus_cnt_inc)                 bus_cnt_q <= bus_cnt_q + 6'd1;
    if (burst_ld)         bus_rcv_q <= 6'd0;
    else if (bus_rcv_inc) bus_rcv_q <= bus_rcv_q + 6'd1;
    if (burst_st || kg_clr) kg_q <= 3'd0;
    else if (kg_inc)        kg_q <= kg_q + 3'd1;
    rmw_q <= rmw_rd;
  end

`ifdef MPPE_ASSERT
  // Small variant: an operation's counter increments fit their registers
  // (a wrap would lose counts silently; the widths are argued above).
  always @(posedge clk_i)
    if (rst_ni && SMALL != 0 && state_q != S_LOAD) begin
      assert (c_packets_d >= c_packets_q && c_bytes_d >= c_bytes_q && c_kchg_d >= c_kchg_q);
      assert (c_resets_d >= c_resets_q && c_dropped_d >= c_dropped_q && c_ooo_d >= c_ooo_q);
      assert (c_missed_d >= c_missed_q && c_rklim_d >= c_rklim_q && c_impl_d >= c_impl_q);
      assert (c_serr_d >= c_serr_q);
    end
`endif

endmodule

`default_nettype wire
