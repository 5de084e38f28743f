// One RC4 lane of the engine farm (hdl/mppe_farm.v; issue 15): a packet
// buffer and a block-RAM RC4 core (rc4_ks.v: rc4_bram or rc4_dp, keystream
// only). The farm writes a packet's plaintext into the buffer, later hands
// the lane the packet's key (from a key-change unit), and the lane runs the
// key schedule of that key (2 x 256 + 3 clocks on rc4_bram) and encrypts
// the buffer in place at the core's rate (3 clocks a byte on rc4_bram);
// the farm then reads the ciphertext out.
//
// Buffer: 256 words of 64 bits (2 KiB, MPPE_MAX_PAYLOAD), packet octet
// 8w + b in bits [8b+7:8b] of word w, in a RAM the lane does not own
// (hdl/mppe_lane_pair.v: two lanes share one 512 x 64 block RAM, a RAMB36,
// whose 256-word half one lane left unused). The farm's writes (FREE,
// wr_*) and reads (FULL, rd_en_i; data one clock later on rd_data_o) go
// to the RAM through the pair, which gives the lanes' own accesses
// priority (the farm's wait: its stream is the one that can wait a clock).
// The lane's own: one read and one write a word of encryption, each asked
// by a register (rq_q: read word ra_q into nx_q; wp_q: write wb_q at wa_q)
// and held until the pair grants it (b_rg_i, b_wg_i):
//   FREE   the farm writes words
//   WAIT   loaded, waiting for go_i
//   KSA    key schedule; word 0 asked for (into nx_q)
//   PRIME  word 0 from nx_q into the word register; word 1 asked for
//   CRYPT  word w in a register that rotates by one octet per keystream
//          octet (octet 0 XORed and put on top: no octet multiplexers);
//          after its 8th octet word w goes to wb_q (written back once
//          granted), word w + 1 comes from nx_q and word w + 2 is asked
//          for; the 8th octet waits while either is not done yet
//   ALIGN  after a last word of fewer than 8 octets: rotated on (no XOR)
//          until its octets are in place, then to wb_q
//   DRAIN  until the last write-back and any read asked are done
//   FULL   the farm reads words; free_i ends it
`default_nettype none

module mppe_lane #(
  parameter [0:0] RC4_DUAL = 1'b1     // rc4_ks.v DUAL: the RC4 core on both RAM ports
) (
  input  wire         clk_i,
  input  wire         rst_ni,
  // load (while free_o): the pair writes wr_data_i (hdl/mppe_lane_pair.v)
  input  wire         loaded_i,     // the packet is in: wait for the key
  // the key (while waiting_o)
  input  wire         go_i,
  input  wire         skip_i,       // with go_i: no encryption (the packet failed a check)
  input  wire [127:0] key_i,
  input  wire [4:0]   key_len_i,    // 8 or 16
  input  wire [11:0]  len_i,        // packet octets, 1..2048 (with loaded_i)
  // read out (while full_o): the pair reads for the farm
  input  wire         free_i,       // read out: the lane is free again
  output wire         free_o,
  output wire         waiting_o,
  output wire         full_o,
  // the lane's own accesses to its buffer, each asked until granted
  output reg          rq_o,         // read word ra_o ...
  output reg  [7:0]   ra_o,
  input  wire         rg_i,         // ... granted this clock: its word on b_q_i next clock
  input  wire [63:0]  b_q_i,
  output reg          wp_o,         // write wb_o at wa_o ...
  output reg  [7:0]   wa_o,
  output reg  [63:0]  wb_o,
  input  wire         wg_i          // ... granted (written) this clock
);

  localparam [3:0] P_FREE = 4'd0, P_WAIT = 4'd1, P_KSA = 4'd2, P_KSAW = 4'd3,
                   P_PRIME = 4'd4, P_CRYPT = 4'd5, P_FULL = 4'd6, P_ALIGN = 4'd7,
                   P_DRAIN = 4'd8;

  reg  [3:0]   ph_q, ph_d;
  reg  [127:0] key_q;               // held during the key schedule, then wiped
  reg  [4:0]   klen_q;
  reg  [11:0]  len_q, n_q, n_d;     // octets; octet n_q is the next to encrypt
  reg  [63:0]  word_q, word_d;
  reg  [63:0]  nx_q;                // the word read (nx_ok_q)
  reg          nx_ok_q, got_q;      // nx_q holds it; its read was granted last clock

  // ------------------------------------------------------------ RC4
  reg          rc_ksa, rc_next;
  wire         rc_busy, rc_rdy;
  wire [7:0]   rc_ks;
  rc4_ks #(.DUAL (RC4_DUAL)) u_rc4 (
    .clk_i, .rst_ni,
    .ksa_start_i (rc_ksa), .key_i (key_q), .key_len_i (klen_q),
    .busy_o (rc_busy), .ready_o (rc_rdy), .ks_next_i (rc_next), .ks_o (rc_ks),
    // the keystream is done with from the packet's last octet to the next
    // key schedule: the core writes its identity meanwhile (rc4_dp)
    .fill_i (ph_q == P_FULL || ph_q == P_ALIGN || ph_q == P_DRAIN || ph_q == P_FREE || ph_q == P_WAIT)
  );

  assign free_o    = (ph_q == P_FREE);
  assign waiting_o = (ph_q == P_WAIT);
  assign full_o    = (ph_q == P_FULL);

  wire [2:0]  b_at     = n_q[2:0];
  wire        word_end = (b_at == 3'd7);
  wire        last     = (n_q + 12'd1 == len_q);
  // octet 0 XORed with the keystream (ALIGN: with nothing) and put on top
  wire [7:0]  ks_x     = (ph_q == P_ALIGN) ? 8'd0 : rc_ks;
  wire [63:0] rot_x    = {word_q[7:0] ^ ks_x, word_q[63:8]};
  // the next word is in and the last write-back is out: a word may end
  wire        turn_ok  = nx_ok_q && !wp_o;
  reg         step, wb_take, ask;

  always @(*) begin
    ph_d = ph_q; n_d = n_q; word_d = word_q;
    rc_ksa = 1'b0; rc_next = 1'b0;
    step = 1'b0; wb_take = 1'b0; ask = 1'b0;
    case (ph_q)
      P_FREE: if (loaded_i) ph_d = P_WAIT;
      P_WAIT: if (go_i) ph_d = skip_i ? P_FULL : P_KSA;
      P_KSA: begin
        rc_ksa = 1'b1;
        ph_d = P_KSAW;
      end
      P_KSAW: if (!rc_busy) ph_d = P_PRIME;
      P_PRIME: if (nx_ok_q) begin    // word 0 in nx_q; ask for word 1
        word_d = nx_q;
        n_d = 12'd0;
        ask = 1'b1;
        ph_d = P_CRYPT;
      end
      P_CRYPT: if (rc_rdy && (!word_end || turn_ok)) begin
        rc_next = 1'b1;
        word_d = rot_x;
        n_d = n_q + 12'd1;
        step = word_end;
        if (last) ph_d = word_end ? P_DRAIN : P_ALIGN;
      end
      P_ALIGN: if (!word_end || !wp_o) begin   // octets past the packet: rotated, not encrypted
        word_d = rot_x;
        n_d = n_q + 12'd1;
        wb_take = word_end;
        if (word_end) ph_d = P_DRAIN;
      end
      P_DRAIN: if ((!wp_o || wg_i) && !rq_o && !got_q) ph_d = P_FULL;
      P_FULL: if (free_i) ph_d = P_FREE;
      default: ph_d = P_FREE;
    endcase
    if (step) begin
      // word w done: to the write-back; word w + 1 from nx_q; ask for w + 2
      wb_take = 1'b1;
      word_d = nx_q;
      ask = !last;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ph_q <= P_FREE;
      rq_o <= 1'b0; wp_o <= 1'b0; got_q <= 1'b0; nx_ok_q <= 1'b0;
    end else begin
      ph_q <= ph_d;
      // the read: asked (rq_o) until granted, its word a clock later
      got_q <= rq_o && rg_i;
      if (ph_q == P_KSA || ask)
        rq_o <= 1'b1;
      else if (rg_i)
        rq_o <= 1'b0;
      if (ph_q == P_KSA || ph_q == P_PRIME && nx_ok_q || step)
        nx_ok_q <= 1'b0;
      else if (got_q)
        nx_ok_q <= 1'b1;
      // the write-back: asked until granted
      if (wb_take)
        wp_o <= 1'b1;
      else if (wg_i)
        wp_o <= 1'b0;
    end
  end
  always @(posedge clk_i) begin
    n_q    <= n_d;
    word_q <= word_d;
    if (got_q)
      nx_q <= b_q_i;
    if (ph_q == P_KSA)
      ra_o <= 8'd0;
    else if (ask)
      ra_o <= step ? n_q[10:3] + 8'd2 : 8'd1;   // (else PRIME: word 1)
    if (wb_take) begin
      wb_o <= rot_x;
      wa_o <= n_q[10:3];
    end
    if (ph_q == P_FREE && loaded_i)
      len_q <= len_i;
    // the key: taken with go_i, wiped once the key schedule is done
    if (ph_q == P_WAIT && go_i) begin
      key_q  <= key_i;
      klen_q <= key_len_i;
    end else if (ph_q == P_PRIME) begin
      key_q  <= 128'd0;
    end
  end

`ifdef MPPE_ASSERT
  reg a_armed_q = 1'b0;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) a_armed_q <= 1'b1;
  always @(posedge clk_i)
    if (a_armed_q) begin
      assert (!(go_i && !waiting_o));
      assert (!(free_i && !full_o));
      assert (!(loaded_i && (len_i == 12'd0 || len_i > 12'd2048)));
      assert (!(skip_i && !go_i));
      // a new ask only once the last one is granted and its word taken
      assert (!(ask && (rq_o && !rg_i || nx_ok_q && !step && ph_q != P_PRIME)));
      assert (!(wb_take && wp_o && !wg_i));
      // no own access asked while the farm has the lane
      assert (!((free_o || full_o || waiting_o) && (rq_o || wp_o || got_q)));
    end
`endif

endmodule

`default_nettype wire
