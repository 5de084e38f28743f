// SHA-1 compression (FIPS 180-4 section 6.1.2), one round per clock:
// 80 rounds + 1 clock to add the chaining value = 81 clocks per block.
// The caller pads (GetNewKeyFromSHA messages are fixed-shape, see gnk_msg
// in mppe_keyfn.vh). The message schedule is a 16-word sliding window.
`default_nettype none

module sha1_core (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         start_i,     // begin a block (ignored while busy_o)
  input  wire         first_i,     // with start_i: chain from H0, else from digest_o
  input  wire [511:0] block_i,     // word 0 (message octets 0..3) in bits [511:480]
  output wire         busy_o,
  output wire         done_o,      // one-clock pulse: digest_o updated
  output wire [159:0] digest_o     // H0 in bits [159:128], big-endian octets
);

  localparam [159:0] H_INIT = {32'h67452301, 32'hefcdab89, 32'h98badcfe,
                               32'h10325476, 32'hc3d2e1f0};

  reg  [159:0] h_q, h_d;
  reg  [31:0]  a_q, b_q, c_q, d_q, e_q, a_d, b_d, c_d, d_d, e_d;
  reg  [511:0] w_q, w_d;
  reg  [6:0]   t_q, t_d;           // round 0..79; 80 = final add
  reg          busy_q, busy_d, done_q, done_d;

  wire [31:0] w_t = w_q[511:480];
  // W[t+16] = ROTL1(W[t+13] ^ W[t+8] ^ W[t+2] ^ W[t]); window slot n = W[t+n]
  wire [31:0] w_x = w_q[511-13*32 -: 32] ^ w_q[511-8*32 -: 32] ^
                    w_q[511-2*32 -: 32] ^ w_t;
  wire [31:0] w_new = {w_x[30:0], w_x[31]};

  reg [31:0] f, k;
  always @(*) begin
    if (t_q < 7'd20) begin
      f = (b_q & c_q) | (~b_q & d_q);
      k = 32'h5a827999;
    end else if (t_q < 7'd40) begin
      f = b_q ^ c_q ^ d_q;
      k = 32'h6ed9eba1;
    end else if (t_q < 7'd60) begin
      f = (b_q & c_q) | (b_q & d_q) | (c_q & d_q);
      k = 32'h8f1bbcdc;
    end else begin
      f = b_q ^ c_q ^ d_q;
      k = 32'hca62c1d6;
    end
  end
  wire [31:0] temp = {a_q[26:0], a_q[31:27]} + f + e_q + k + w_t;

  assign busy_o   = busy_q;
  assign done_o   = done_q;
  assign digest_o = h_q;

  always @(*) begin
    h_d = h_q;
    a_d = a_q; b_d = b_q; c_d = c_q; d_d = d_q; e_d = e_q;
    w_d = w_q;
    t_d = t_q;
    busy_d = busy_q;
    done_d = 1'b0;
    if (!busy_q) begin
      if (start_i) begin
        if (first_i)
          h_d = H_INIT;
        {a_d, b_d, c_d, d_d, e_d} = first_i ? H_INIT : h_q;
        w_d    = block_i;
        t_d    = 7'd0;
        busy_d = 1'b1;
      end
    end else if (t_q == 7'd80) begin
      h_d = {h_q[159:128] + a_q, h_q[127:96] + b_q, h_q[95:64] + c_q,
             h_q[63:32] + d_q, h_q[31:0] + e_q};
      busy_d = 1'b0;
      done_d = 1'b1;
    end else begin
      a_d = temp;
      b_d = a_q;
      c_d = {b_q[1:0], b_q[31:2]};
      d_d = c_q;
      e_d = d_q;
      w_d = {w_q[479:0], w_new};
      t_d = t_q + 7'd1;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
      done_q <= 1'b0;
      t_q    <= 7'd0;
    end else begin
      busy_q <= busy_d;
      done_q <= done_d;
      t_q    <= t_d;
    end
  end

  // Datapath registers: no reset needed.
  always @(posedge clk_i) begin
    h_q <= h_d;
    a_q <= a_d; b_q <= b_d; c_q <= c_d; d_q <= d_d; e_q <= e_d;
    w_q <= w_d;
  end

endmodule

`default_nettype wire
