// SHA-1 compression for the iCE40 board (docs/hardware.md "iCEBreaker"):
// the 80 rounds of FIPS 180-4 section 6.1.2 step 2-3 on one 512-bit block,
// 32 bits a clock, the message schedule in block RAM. The firmware writes
// the 16 message words and the working variables a..e (= H0..H4), starts
// it, and adds the result back into H itself (step 4): the chaining value
// and the padding stay in the firmware, the unit holds no 160-bit adder.
// One round takes 5 clocks: W[t] for t >= 16 is
//   ROTL1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16])
// kept in place as a 16-word ring (W[t mod 16]), four reads of the one
// EBR read port; 400 clocks a block.
`default_nettype none

module lite_sha1 (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        go_i,          // taken only while !busy_o
  input  wire        w_we_i,        // write message word w_addr_i (ignored while busy)
  input  wire [3:0]  w_addr_i,
  input  wire        v_we_i,        // write working variable v_addr_i (0 a .. 4 e; ignored while busy)
  input  wire [2:0]  v_addr_i,
  input  wire [31:0] wdata_i,
  output reg  [31:0] a_o, b_o, c_o, d_o, e_o,
  output wire        busy_o
);

  reg        busy;
  reg [6:0]  t;                // round
  reg [2:0]  ph;               // phase 0..4 of the round
  reg [31:0] acc;              // XOR of the schedule words read so far

  // the 16-word ring (inferred EBR)
  reg [31:0] wmem [0:15];
  reg [31:0] rdata;
  reg [3:0]  raddr;
  always @(*) begin
    case (ph)
      3'd0:    raddr = t[3:0] + 4'd13;   // t - 3
      3'd1:    raddr = t[3:0] + 4'd8;    // t - 8
      3'd2:    raddr = t[3:0] + 4'd2;    // t - 14
      default: raddr = t[3:0];           // t - 16, or W[t] for t < 16
    endcase
  end
  wire        sched = t >= 7'd16;
  wire [31:0] wx    = acc ^ rdata;
  wire [31:0] w_t   = sched ? {wx[30:0], wx[31]} : rdata;
  wire        round = busy && ph == 3'd4;
  wire        mem_we = round ? sched : (w_we_i && !busy);
  wire [3:0]  mem_waddr = round ? t[3:0] : w_addr_i;
  wire [31:0] mem_wdata = round ? w_t : wdata_i;
  always @(posedge clk_i) begin
    if (mem_we) wmem[mem_waddr] <= mem_wdata;
    rdata <= wmem[raddr];
  end

  // f and K by round (FIPS 180-4 4.1.1, 4.2.1)
  reg [31:0] f, k;
  always @(*) begin
    if (t < 7'd20) begin
      f = (b_o & c_o) | (~b_o & d_o);            k = 32'h5a827999;
    end else if (t < 7'd40) begin
      f = b_o ^ c_o ^ d_o;                       k = 32'h6ed9eba1;
    end else if (t < 7'd60) begin
      f = (b_o & c_o) | (b_o & d_o) | (c_o & d_o); k = 32'h8f1bbcdc;
    end else begin
      f = b_o ^ c_o ^ d_o;                       k = 32'hca62c1d6;
    end
  end
  wire [31:0] temp = {a_o[26:0], a_o[31:27]} + f + e_o + k + w_t;

  assign busy_o = busy;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy <= 1'b0;
      t    <= 7'd0;
      ph   <= 3'd0;
      acc  <= 32'd0;
      a_o  <= 32'd0;
      b_o  <= 32'd0;
      c_o  <= 32'd0;
      d_o  <= 32'd0;
      e_o  <= 32'd0;
    end else if (!busy) begin
      if (v_we_i) begin
        case (v_addr_i)
          3'd0:    a_o <= wdata_i;
          3'd1:    b_o <= wdata_i;
          3'd2:    c_o <= wdata_i;
          3'd3:    d_o <= wdata_i;
          default: e_o <= wdata_i;
        endcase
      end
      if (go_i) begin
        busy <= 1'b1;
        t    <= 7'd0;
        ph   <= 3'd0;
      end
    end else begin
      case (ph)
        3'd1:    acc <= rdata;
        3'd2,
        3'd3:    acc <= acc ^ rdata;
        default: ;
      endcase
      if (ph == 3'd4) begin
        ph  <= 3'd0;
        e_o <= d_o;
        d_o <= c_o;
        c_o <= {b_o[1:0], b_o[31:2]};
        b_o <= a_o;
        a_o <= temp;
        t   <= t + 7'd1;
        if (t == 7'd79) busy <= 1'b0;
      end else begin
        ph <= ph + 3'd1;
      end
    end
  end

endmodule

`default_nettype wire
