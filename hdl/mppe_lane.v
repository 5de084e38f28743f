// One RC4 lane of the engine farm (hdl/mppe_farm.v; issue 15): a packet
// buffer and a block-RAM RC4 core (rc4_bram, keystream only: rc4_ks.v).
// The farm writes a packet's plaintext into the buffer, later hands the lane the packet's key (from a
// key-change unit), and the lane runs the key schedule of that key
// (2 x 256 + 3 clocks) and encrypts the buffer in place at 3 clocks a byte
// (rc4_bram's rate); the farm then reads the ciphertext out.
//
// Buffer: 256 words of 64 bits (2 KiB, MPPE_MAX_PAYLOAD), packet octet
// 8w + b in bits [8b+7:8b] of word w; one write port and one registered
// read port (a block RAM), each owned by one phase:
//   FREE   the farm writes words (wr_*)
//   WAIT   loaded, waiting for go_i
//   KSA    key schedule; the read port fetches word 0
//   CRYPT  word w in a register that rotates by one octet per keystream
//          octet (octet 0 XORed and put on top: no octet multiplexers);
//          the read port holds word w + 1, so moving on costs no clock;
//          word w written back after its 8th octet
//   ALIGN  after a last word of fewer than 8 octets: rotated on (no XOR)
//          until its octets are in place, then written back
//   FULL   the farm reads words (rd_*, data one clock later); free_i ends it
`default_nettype none

module mppe_lane #(
  parameter [0:0] RC4_DUAL = 1'b1     // rc4_ks.v DUAL: the RC4 core on both RAM ports
) (
  input  wire         clk_i,
  input  wire         rst_ni,
  // load (while free_o)
  input  wire         wr_en_i,
  input  wire [7:0]   wr_addr_i,
  input  wire [63:0]  wr_data_i,
  input  wire         loaded_i,     // the packet is in: wait for the key
  // the key (while waiting_o)
  input  wire         go_i,
  input  wire         skip_i,       // with go_i: no encryption (the packet failed a check)
  input  wire [127:0] key_i,
  input  wire [4:0]   key_len_i,    // 8 or 16
  input  wire [11:0]  len_i,        // packet octets, 1..2048 (with loaded_i)
  // read out (while full_o)
  input  wire [7:0]   rd_addr_i,
  output wire [63:0]  rd_data_o,
  input  wire         free_i,       // read out: the lane is free again
  output wire         free_o,
  output wire         waiting_o,
  output wire         full_o
);

  localparam [2:0] P_FREE = 3'd0, P_WAIT = 3'd1, P_KSA = 3'd2, P_KSAW = 3'd3,
                   P_PRIME = 3'd4, P_CRYPT = 3'd5, P_FULL = 3'd6, P_ALIGN = 3'd7;

  reg  [2:0]   ph_q, ph_d;
  reg  [127:0] key_q;               // held during the key schedule, then wiped
  reg  [4:0]   klen_q;
  reg  [11:0]  len_q, n_q, n_d;     // octets; octet n_q is the next to encrypt
  reg  [63:0]  word_q, word_d;

  // ------------------------------------------------------------ buffer
  (* ram_style = "block" *)
  reg  [63:0]  buf_mem [0:255];
  reg          b_we;
  reg  [7:0]   b_wa, b_ra;
  reg  [63:0]  b_wd, b_q;
  always @(posedge clk_i) begin
    if (b_we)
      buf_mem[b_wa] <= b_wd;
    b_q <= buf_mem[b_ra];
  end
  assign rd_data_o = b_q;

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
    .fill_i (ph_q == P_FULL || ph_q == P_ALIGN || ph_q == P_FREE || ph_q == P_WAIT)
  );

  assign free_o    = (ph_q == P_FREE);
  assign waiting_o = (ph_q == P_WAIT);
  assign full_o    = (ph_q == P_FULL);

  wire [2:0] b_at  = n_q[2:0];
  wire [63:0] rot   = {word_q[7:0], word_q[63:8]};
  wire       last  = (n_q + 12'd1 == len_q);

  always @(*) begin
    ph_d = ph_q; n_d = n_q; word_d = word_q;
    rc_ksa = 1'b0; rc_next = 1'b0;
    b_we = 1'b0; b_wa = wr_addr_i; b_wd = wr_data_i;
    b_ra = rd_addr_i;
    case (ph_q)
      P_FREE: begin
        b_we = wr_en_i;
        if (loaded_i) ph_d = P_WAIT;
      end
      P_WAIT: if (go_i) ph_d = skip_i ? P_FULL : P_KSA;
      P_KSA: begin
        rc_ksa = 1'b1;
        b_ra = 8'd0;
        ph_d = P_KSAW;
      end
      P_KSAW: begin
        b_ra = 8'd0;
        if (!rc_busy) ph_d = P_PRIME;
      end
      P_PRIME: begin              // word 0 is on the read port; fetch word 1
        word_d = b_q;
        n_d = 12'd0;
        b_ra = 8'd1;
        ph_d = P_CRYPT;
      end
      P_CRYPT: begin
        b_ra = n_q[10:3] + 8'd1;
        if (rc_rdy) begin
          rc_next = 1'b1;
          word_d = {word_q[7:0] ^ rc_ks, word_q[63:8]};
          n_d = n_q + 12'd1;
          if (b_at == 3'd7) begin
            // word done: write it back, take word w + 1 from the read port
            b_we = 1'b1; b_wa = n_q[10:3]; b_wd = word_d;
            word_d = b_q;
          end
          if (last) ph_d = (b_at == 3'd7) ? P_FULL : P_ALIGN;
        end
      end
      P_ALIGN: begin              // octets past the packet: rotated, not encrypted
        word_d = rot;
        n_d = n_q + 12'd1;
        if (b_at == 3'd7) begin
          b_we = 1'b1; b_wa = n_q[10:3]; b_wd = word_d;
          ph_d = P_FULL;
        end
      end
      P_FULL: if (free_i) ph_d = P_FREE;
    endcase
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ph_q <= P_FREE;
    else         ph_q <= ph_d;
  end
  always @(posedge clk_i) begin
    n_q    <= n_d;
    word_q <= word_d;
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
      assert (!(wr_en_i && !free_o));
      assert (!(go_i && !waiting_o));
      assert (!(free_i && !full_o));
      assert (!(loaded_i && (len_i == 12'd0 || len_i > 12'd2048)));
      assert (!(skip_i && !go_i));
    end
`endif

endmodule

`default_nettype wire
