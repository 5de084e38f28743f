// Asynchronous FIFO between two clock domains (the PCIe user clock and the
// card clock). Pointers cross as Gray code through two flip-flops, so at most
// one bit changes per write or read and a pointer sampled mid-change is
// either the old or the new value, never a third one; full and empty are
// therefore conservative, never wrong. The read side is first-word-fall-
// through (r_data_o is the head while r_valid_o). Storage is small
// (2^AW entries): distributed RAM with an asynchronous read.
//
// Both resets must be asserted together (from one source, synchronised into
// each domain): resetting one side alone would desynchronise the pointers.
`default_nettype none

module pcie_async_fifo #(
  parameter integer W  = 32,
  parameter integer AW = 4
) (
  input  wire         w_clk_i,
  input  wire         w_rst_ni,
  input  wire         w_en_i,        // only when !w_full_o
  input  wire [W-1:0] w_data_i,
  output wire         w_full_o,
  input  wire         r_clk_i,
  input  wire         r_rst_ni,
  input  wire         r_en_i,        // only when r_valid_o
  output wire [W-1:0] r_data_o,
  output wire         r_valid_o
);

  reg [W-1:0] mem [0:(1<<AW)-1];

  // write domain
  reg  [AW:0] wbin_q, wgray_q;
  reg  [AW:0] rgray_w1_q, rgray_w2_q;        // read pointer, synchronised
  wire [AW:0] wbin_d  = wbin_q + {{AW{1'b0}}, w_en_i};
  wire [AW:0] wgray_d = wbin_d ^ (wbin_d >> 1);
  // full: the write pointer is one lap ahead, i.e. the Gray codes differ in
  // exactly the two top bits
  assign w_full_o = wgray_q == {~rgray_w2_q[AW:AW-1], rgray_w2_q[AW-2:0]};

  always @(posedge w_clk_i) begin
    if (w_en_i) mem[wbin_q[AW-1:0]] <= w_data_i;
  end
  always @(posedge w_clk_i or negedge w_rst_ni) begin
    if (!w_rst_ni) begin
      wbin_q <= {(AW+1){1'b0}}; wgray_q <= {(AW+1){1'b0}};
      rgray_w1_q <= {(AW+1){1'b0}}; rgray_w2_q <= {(AW+1){1'b0}};
    end else begin
      wbin_q <= wbin_d; wgray_q <= wgray_d;
      rgray_w1_q <= rgray_q; rgray_w2_q <= rgray_w1_q;
    end
  end

  // read domain
  reg  [AW:0] rbin_q, rgray_q;
  reg  [AW:0] wgray_r1_q, wgray_r2_q;        // write pointer, synchronised
  wire [AW:0] rbin_d  = rbin_q + {{AW{1'b0}}, r_en_i};
  wire [AW:0] rgray_d = rbin_d ^ (rbin_d >> 1);
  assign r_valid_o = rgray_q != wgray_r2_q;
  assign r_data_o  = mem[rbin_q[AW-1:0]];

  always @(posedge r_clk_i or negedge r_rst_ni) begin
    if (!r_rst_ni) begin
      rbin_q <= {(AW+1){1'b0}}; rgray_q <= {(AW+1){1'b0}};
      wgray_r1_q <= {(AW+1){1'b0}}; wgray_r2_q <= {(AW+1){1'b0}};
    end else begin
      rbin_q <= rbin_d; rgray_q <= rgray_d;
      wgray_r1_q <= wgray_q; wgray_r2_q <= wgray_r1_q;
    end
  end

endmodule
