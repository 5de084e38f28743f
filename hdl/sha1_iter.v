// SHA-1 compression (FIPS 180-4 section 6.1.2) for small FPGAs: the same
// function as sha1_core, but the message schedule lives in a 16-word RAM
// (one read and one write port, a block RAM on iCE40) instead of a 512-bit
// shift register, and the block arrives one 32-bit word per clock instead of
// 512 bits at once. For each round t >= 16 the RAM is read four times
// (W[t-3], W[t-8], W[t-14], W[t-16]; FIPS 180-4 6.1.2 step 1), so a block
// takes 1 (start) + 16 (load) + 16*2 + 64*5 + 1 (add) = 370 clocks where
// sha1_core takes 82 counted the same way: the area version for the iCE40
// card (docs/hardware.md), not for throughput.
//
// Use: pulse start_i (first_i: chain from H0, else from digest_o), then
// hand over the 16 words, word 0 (message octets 0..3, big-endian) first,
// with win_valid_i/win_data_i while win_ready_o; done_o pulses when
// digest_o holds the new chaining value. The caller pads.
`default_nettype none

module sha1_iter (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         start_i,     // begin a block (ignored while busy_o)
  input  wire         first_i,     // with start_i: chain from H0, else from digest_o
  input  wire         win_valid_i, // message word offered
  input  wire [31:0]  win_data_i,
  output wire         win_ready_o, // the core takes win_data_i this clock if valid
  output wire         busy_o,
  output wire         done_o,      // one-clock pulse: digest_o updated
  output wire [159:0] digest_o     // H0 in bits [159:128], big-endian octets
);

  localparam [159:0] H_INIT = {32'h67452301, 32'hefcdab89, 32'h98badcfe,
                               32'h10325476, 32'hc3d2e1f0};
  localparam [1:0] P_IDLE = 2'd0, P_LOAD = 2'd1, P_ROUND = 2'd2, P_ADD = 2'd3;

  reg  [159:0] h_q, h_d;
  reg  [31:0]  a_q, b_q, c_q, d_q, e_q, a_d, b_d, c_d, d_d, e_d;
  reg  [31:0]  x_q, x_d;           // XOR of the schedule words read so far
  reg  [6:0]   t_q, t_d;           // load: word index; rounds: t = 0..79
  reg  [2:0]   s_q, s_d;           // step within a round (0..1, or 0..4 for t >= 16)
  reg  [1:0]   p_q, p_d;
  reg          done_q, done_d;

  // the schedule RAM: W[t] in slot t mod 16
  reg  [31:0]  w_ram [0:15];
  reg  [31:0]  w_rd;
  reg  [3:0]   raddr, waddr;
  reg  [31:0]  wdata;
  reg          we;

  always @(posedge clk_i) begin
    if (we) w_ram[waddr] <= wdata;
    w_rd <= w_ram[raddr];
  end

  wire        late = (t_q >= 7'd16);
  wire [31:0] w_x  = x_q ^ w_rd;
  // W[t] = ROTL1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]) for t >= 16
  wire [31:0] w_t  = late ? {w_x[30:0], w_x[31]} : w_rd;
  wire        round_now = (p_q == P_ROUND) && (late ? (s_q == 3'd4) : (s_q == 3'd1));

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

  assign win_ready_o = (p_q == P_LOAD);
  assign busy_o      = (p_q != P_IDLE);
  assign done_o      = done_q;
  assign digest_o    = h_q;

  always @(*) begin
    h_d = h_q;
    a_d = a_q; b_d = b_q; c_d = c_q; d_d = d_q; e_d = e_q;
    x_d = x_q;
    t_d = t_q;
    s_d = s_q;
    p_d = p_q;
    done_d = 1'b0;
    we    = 1'b0;
    waddr = t_q[3:0];
    wdata = win_data_i;
    // slot offsets mod 16: t-3 = t+13, t-8 = t+8, t-14 = t+2, t-16 = t
    case (s_q)
      3'd0:    raddr = late ? t_q[3:0] + 4'd13 : t_q[3:0];
      3'd1:    raddr = t_q[3:0] + 4'd8;
      3'd2:    raddr = t_q[3:0] + 4'd2;
      default: raddr = t_q[3:0];
    endcase
    case (p_q)
      P_IDLE:
        if (start_i) begin
          if (first_i)
            h_d = H_INIT;
          {a_d, b_d, c_d, d_d, e_d} = first_i ? H_INIT : h_q;
          t_d = 7'd0;
          p_d = P_LOAD;
        end
      P_LOAD:
        if (win_valid_i) begin
          we  = 1'b1;
          t_d = t_q + 7'd1;
          if (t_q == 7'd15) begin
            t_d = 7'd0;
            s_d = 3'd0;
            p_d = P_ROUND;
          end
        end
      P_ROUND:
        if (round_now) begin
          if (late) begin       // the new schedule word replaces W[t-16]
            we    = 1'b1;
            wdata = w_t;
          end
          a_d = temp;
          b_d = a_q;
          c_d = {b_q[1:0], b_q[31:2]};
          d_d = c_q;
          e_d = d_q;
          s_d = 3'd0;
          t_d = t_q + 7'd1;
          if (t_q == 7'd79)
            p_d = P_ADD;
        end else begin
          x_d = (s_q == 3'd1) ? w_rd : w_x;   // step 1 takes the first read
          s_d = s_q + 3'd1;
        end
      default: begin            // P_ADD
        h_d = {h_q[159:128] + a_q, h_q[127:96] + b_q, h_q[95:64] + c_q,
               h_q[63:32] + d_q, h_q[31:0] + e_q};
        done_d = 1'b1;
        p_d = P_IDLE;
      end
    endcase
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      p_q    <= P_IDLE;
      done_q <= 1'b0;
      t_q    <= 7'd0;
      s_q    <= 3'd0;
    end else begin
      p_q    <= p_d;
      done_q <= done_d;
      t_q    <= t_d;
      s_q    <= s_d;
    end
  end

  // Datapath registers: no reset needed.
  always @(posedge clk_i) begin
    h_q <= h_d;
    a_q <= a_d; b_q <= b_d; c_q <= c_d; d_q <= d_d; e_q <= e_d;
    x_q <= x_d;
  end

endmodule

`default_nettype wire
