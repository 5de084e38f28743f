// The receive-decision unit of the MPPE engine (hdl/mppe_engine.v): what a
// received packet's MPPE header (RFC 3078 3.1: bits A B C D, 12-bit
// coherency count) asks of its flow, before any key is touched. The same
// decision as mppe_rx_decide() of driver/mppe_flow.c, in the same order;
// sim/rxdecide/tb_rxdecide.c compares the two on every header against every
// flow count, in each flow mode.
//
//   drop     the header is bogus (D clear; A clear where it must be set,
//            RFC 3078 3.1), a duplicate, late (stateful: 2,048 or more
//            behind; stateless: at most MPPE_LATE_WINDOW = 256 behind), a
//            loss (stateful, in sync: discard_o, RFC 3078 8.2) or the flow
//            is discarding and the packet not flushed; status_o says which
//   change   stateless: dist_o key changes (RFC 3078 8.1; the engine
//            continues from its lookahead or precomputed key)
//   same     stateful, in order, not flushed: the loaded tables go on
//   try      stateful: trial keys lo_o..hi_o changes on (a flushed packet in
//            sync: 1..1; while discarding: one per missed flag packet plus
//            the flush, then MPPE_RESYNC_EXTRA = 3 more)
//
// Purely combinational: the engine registers what it keeps.
`default_nettype none
`include "mppe_codes.vh"

module mppe_rxdecide (
  input  wire        stateful_i,
  input  wire        discarding_i,   // stateful: waiting for a flushed packet
  input  wire [11:0] ccount_i,       // the flow's last good count
  // Waiver: bits B and C (6:5) decide nothing (RFC 3078 3.1; C, MPPC
  // compression, is never set by MPPE and not checked, as in mppe_flow.c).
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [7:0]  hdr0_i,         // the packet's header octets
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [7:0]  hdr1_i,
  output reg  [1:0]  action_o,       // RD_* below (enum mppe_rx_action)
  output reg  [3:0]  status_o,       // drop: why
  output reg         discard_o,      // drop: loss, enter the discard state
  output wire [11:0] dist_o,         // packet count - flow count, modulo 4096
  output reg  [4:0]  lo_o,           // try: first and last trial key change
  output reg  [4:0]  hi_o
);

  localparam [1:0] RD_DROP = 2'd0, RD_CHANGE = 2'd1, RD_SAME = 2'd2, RD_TRY = 2'd3;

  wire [11:0] cc      = {hdr0_i[3:0], hdr1_i};
  wire        flushed = hdr0_i[7];   // bit A
  wire        encrypted = hdr0_i[4]; // bit D
  assign dist_o = cc - ccount_i;

  // missed_flags() of mppe_flow.c: flag packets strictly between the last
  // good count and this one
  function automatic [3:0] missed_flags;
    input [7:0]  last;
    input [11:0] distance;
    reg [8:0] first;
    // Waiver: only q / 256 is used.
    /* verilator lint_off UNUSEDSIGNAL */
    reg [11:0] q;
    /* verilator lint_on UNUSEDSIGNAL */
    begin
      first = {1'b0, 8'hff - last};
      if (first == 9'd0)
        first = 9'd256;      // last was a flag packet: Linux over-counts here
      if (distance >= 12'd1 && {3'b0, first} <= distance - 12'd1)
      begin
        q = distance - 12'd1 - {3'b0, first};
        missed_flags = 4'd1 + q[11:8];
      end
      else
        missed_flags = 4'd0;
    end
  endfunction

  always @(*) begin
    action_o  = RD_DROP;
    status_o  = `MPPE_OK;
    discard_o = 1'b0;
    lo_o      = 5'd0;
    hi_o      = 5'd0;
    if (!encrypted)
      status_o = `MPPE_ERR_NOT_ENCRYPTED;
    else if (!stateful_i && !flushed)                    // RFC 3078 3.1: A on every stateless packet
      status_o = `MPPE_ERR_NOT_FLUSHED;
    else if (stateful_i && hdr1_i == 8'hff && !flushed)  // a flag packet changed keys
      status_o = `MPPE_ERR_NOT_FLUSHED;
    else if (dist_o == 12'd0)
      status_o = `MPPE_DROP_DUPLICATE;
    else if (stateful_i ? dist_o >= 12'd2048 : dist_o >= 12'd3840)  // 4096 - MPPE_LATE_WINDOW
      status_o = `MPPE_DROP_LATE;
    else if (!stateful_i)
      action_o = RD_CHANGE;
    else if (!discarding_i) begin
      if (dist_o > 12'd1) begin
        status_o  = `MPPE_DROP_LOSS;
        discard_o = 1'b1;
      end else if (!flushed) begin
        action_o = RD_SAME;
      end else begin
        action_o = RD_TRY;                               // a flag packet or the sender's flush
        lo_o     = 5'd1;
        hi_o     = 5'd1;
      end
    end else if (!flushed) begin
      status_o = `MPPE_DROP_DISCARDING;
    end else begin
      action_o = RD_TRY;
      lo_o     = {1'b0, missed_flags(ccount_i[7:0], dist_o)} + 5'd1;
      hi_o     = {1'b0, missed_flags(ccount_i[7:0], dist_o)} + 5'd4;
    end
  end

endmodule

`default_nettype wire
