// Place-and-route wrapper for the iCE40 figures of sha1_iter only (never
// used in the card), as hdl/synth/sha1_timing_top.v does for sha1_core: the
// words shift in one bit per clock and are offered whenever a pin says so,
// the digest leaves a byte at a time through a register, so that the
// UP5K's few pins suffice and every measured path is register to register.
`default_nettype none

module sha1_iter_timing_top (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       sin_i,
  input  wire [2:0] ctl_i,        // {win_valid, first, start}
  output reg  [7:0] dout_o
);
  reg [31:0]  word_q;
  reg [2:0]   ctl_q;
  reg [4:0]   sel_q;
  wire        busy, done, ready;
  wire [159:0] dg;

  always @(posedge clk_i) begin
    word_q <= {word_q[30:0], sin_i};
    ctl_q  <= ctl_i;
    sel_q  <= sel_q + 5'd1;
    dout_o <= dg[{sel_q[4:0], 3'b000} % 160 +: 8] ^ {5'd0, ready, busy, done};
  end

  sha1_iter u_sha1 (
    .clk_i, .rst_ni, .start_i (ctl_q[0]), .first_i (ctl_q[1]),
    .win_valid_i (ctl_q[2]), .win_data_i (word_q), .win_ready_o (ready),
    .busy_o (busy), .done_o (done), .digest_o (dg)
  );
endmodule

`default_nettype wire
