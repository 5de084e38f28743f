// Place-and-route wrapper for the iCE40 figures of the small MPPE engine
// only (mppe_engine SMALL=1, RC4_BRAM=1; never used in the card): every
// input of the engine comes from a shift register fed by one pin, every
// output is folded by XOR into one registered pin, so that the engine fits
// a package's pins, no output is optimised away, and every measured path is
// register to register. The wrapper's own cells (a 249-bit shift register,
// the XOR tree) are counted in the placed figure.
`default_nettype none

module mppe_engine_small_timing_top (
  input  wire clk_i,
  input  wire rst_ni,
  input  wire sin_i,
  output reg  dout_o
);
  localparam integer IN_W = 249;
  reg [IN_W-1:0] in_q;
  always @(posedge clk_i) in_q <= {in_q[IN_W-2:0], sin_i};

  wire        desc_ready, in_pop, out_we, res_valid, bus_req, ctx_en, ctx_we, sb_en, sb_we;
  wire [63:0] out_data, ctx_wdata, sb_wdata;
  wire [15:0] res_tag, res_flow, res_len, bus_flow;
  wire [3:0]  res_op, res_status, ctx_addr;
  wire [7:0]  res_flags;
  wire [11:0] res_cc;
  wire [4:0]  sb_addr;

  mppe_engine #(.NUM_FLOWS(4), .RC4_BRAM(1), .SMALL(1)) u_engine (
    .clk_i, .rst_ni,
    .desc_valid_i (in_q[0]),       .desc_ready_o (desc_ready),
    .desc_tag_i   (in_q[16:1]),    .desc_flow_i  (in_q[32:17]),
    .desc_op_i    (in_q[36:33]),   .desc_len_i   (in_q[52:37]),
    .in_valid_i   (in_q[53]),      .in_data_i    (in_q[117:54]),  .in_pop_o (in_pop),
    .out_we_o     (out_we),        .out_data_o   (out_data),      .out_space_i (in_q[118]),
    .res_valid_o  (res_valid),     .res_ready_i  (in_q[119]),
    .res_tag_o    (res_tag),       .res_flow_o   (res_flow),      .res_op_o (res_op),
    .res_status_o (res_status),    .res_flags_o  (res_flags),     .res_ccount_o (res_cc),
    .res_len_o    (res_len),
    .bus_req_o    (bus_req),       .bus_gnt_i    (in_q[120]),     .bus_flow_o (bus_flow),
    .ctx_en_o     (ctx_en),        .ctx_we_o     (ctx_we),        .ctx_addr_o (ctx_addr),
    .ctx_wdata_o  (ctx_wdata),     .ctx_rdata_i  (in_q[184:121]),
    .sb_en_o      (sb_en),         .sb_we_o      (sb_we),         .sb_addr_o (sb_addr),
    .sb_wdata_o   (sb_wdata),      .sb_rdata_i   (in_q[248:185])
  );

  always @(posedge clk_i)
    dout_o <= ^{desc_ready, in_pop, out_we, out_data, res_valid, res_tag, res_flow, res_op,
                res_status, res_flags, res_cc, res_len, bus_req, bus_flow, ctx_en, ctx_we,
                ctx_addr, ctx_wdata, sb_en, sb_we, sb_addr, sb_wdata};
endmodule

`default_nettype wire
