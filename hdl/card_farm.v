// The engine farm beside mppe_top in the card (card_top FARM=1; issue 15,
// docs/rtl-engine.md "The engine farm in the card"). Sits on the card's
// engine stream (mppe_top's ports, docs/engine-streams.md) and context port
// (contract/mppe_ctx_bus.txt) and holds the farm (hdl/mppe_farm.v):
//
//   steering  an ENCRYPT of 2..2048 octets on a stateless transmit flow goes
//             to the farm, everything else (receive, stateful, RESET, the
//             self-test opcodes, refusals) to mppe_top; the mode of each
//             flow is learnt from the CREATE / DESTROY this block forwards
//   merge     the two result streams back into one at result boundaries;
//             the farm's result (descriptor + ciphertext) becomes mppe_top's
//             form (the MPPE header in front of the ciphertext, flags,
//             count); results name their tag, so the host interface
//             (hif_cpl: tag table) and the self-test port take them in any
//             order
//   order     one flow's results leave in the order its operations came:
//             each side keeps its own order (mppe_top by flow, the farm too),
//             and an operation whose flow has one in flight on the other
//             side waits for it (a table by tag of the operations in flight)
//   contexts  every request to both; the response is mppe_top's, with the
//             farm's packets, octets and key changes added and its next
//             count for a stateless transmit flow (the farm did its work)
`default_nettype none
`include "mppe_codes.vh"
`include "mppe_ctx_bus.vh"

module card_farm #(
  parameter integer NUM_FLOWS     = 512,
  parameter integer FLOW_W        = 16,
  parameter integer TAG_W         = 16,
  parameter integer NTAGS         = 32,    // the host interface's tags (0..NTAGS-1); 0xFFFF: self-test
  parameter integer LANES         = 4,
  parameter integer UNITS         = 2,
  parameter integer UNIT_CH       = 1,
  parameter [0:0]   LANE_RC4_DUAL = 1'b0,
  parameter [0:0]   UNIT_RC4_DUAL = 1'b0
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  // the card's engine stream
  input  wire              in_valid_i,
  output wire              in_ready_o,
  input  wire [TAG_W-1:0]  in_tag_i,
  input  wire [FLOW_W-1:0] in_flow_i,
  input  wire [3:0]        in_op_i,
  input  wire [15:0]       in_len_i,
  input  wire [63:0]       in_data_i,
  input  wire              in_last_i,
  output wire              out_valid_o,
  input  wire              out_ready_i,
  output wire [TAG_W-1:0]  out_tag_o,
  output wire [FLOW_W-1:0] out_flow_o,
  output wire [3:0]        out_op_o,
  output wire [3:0]        out_status_o,
  output wire [7:0]        out_flags_o,
  output wire [11:0]       out_ccount_o,
  output wire [15:0]       out_len_o,
  output wire [63:0]       out_data_o,
  output wire              out_last_o,
  input  wire              ctx_req_valid_i,
  output wire              ctx_req_ready_o,
  input  wire [`MPPE_CTX_REQ_W-1:0] ctx_req_i,
  output wire              ctx_rsp_valid_o,
  input  wire              ctx_rsp_ready_i,
  output reg  [`MPPE_CTX_RSP_W-1:0] ctx_rsp_o,
  // mppe_top's ports
  output wire              t_in_valid_o,
  input  wire              t_in_ready_i,
  output wire              t_out_ready_o,
  input  wire              t_out_valid_i,
  input  wire [TAG_W-1:0]  t_out_tag_i,
  input  wire [FLOW_W-1:0] t_out_flow_i,
  input  wire [3:0]        t_out_op_i,
  input  wire [3:0]        t_out_status_i,
  input  wire [7:0]        t_out_flags_i,
  input  wire [11:0]       t_out_ccount_i,
  input  wire [15:0]       t_out_len_i,
  input  wire [63:0]       t_out_data_i,
  input  wire              t_out_last_i,
  output wire              t_ctx_req_valid_o,
  input  wire              t_ctx_req_ready_i,
  input  wire              t_ctx_rsp_valid_i,
  output wire              t_ctx_rsp_ready_o,
  input  wire [`MPPE_CTX_RSP_W-1:0] t_ctx_rsp_i,
  // an operation went to the farm this clock (card_top counts them)
  output wire              farm_op_o
);

  localparam integer FB = (NUM_FLOWS > 1) ? $clog2(NUM_FLOWS) : 1;
  localparam integer TB = (NTAGS > 1) ? $clog2(NTAGS + 1) : 1;

  // ---------------------------------------------------------------- the farm
  wire         f_in_valid, f_in_ready, f_out_valid, f_out_ready;
  wire [63:0]  f_in_data, f_out_data;
  wire [TAG_W-1:0] f_out_tag;
  wire         f_req_valid, f_req_ready, f_rsp_valid, f_rsp_ready;
  // Waiver: of the farm's response only what it counts (and its status,
  // which is mppe_top's: the two take and refuse alike) is used.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [`MPPE_CTX_RSP_W-1:0] f_rsp;
  /* verilator lint_on UNUSEDSIGNAL */

  mppe_farm #(.LANES(LANES), .UNITS(UNITS), .UNIT_CH(UNIT_CH), .NUM_FLOWS(NUM_FLOWS), .TAG_W(TAG_W),
              .LANE_RC4_DUAL(LANE_RC4_DUAL), .UNIT_RC4_DUAL(UNIT_RC4_DUAL)) u_farm (
    .clk_i, .rst_ni,
    .in_valid_i(f_in_valid), .in_ready_o(f_in_ready), .in_data_i(f_in_data), .in_tag_i(in_tag_i),
    .out_valid_o(f_out_valid), .out_ready_i(f_out_ready), .out_data_o(f_out_data), .out_tag_o(f_out_tag),
    .ctx_req_valid_i(f_req_valid), .ctx_req_ready_o(f_req_ready), .ctx_req_i(ctx_req_i),
    .ctx_rsp_valid_o(f_rsp_valid), .ctx_rsp_ready_i(f_rsp_ready), .ctx_rsp_o(f_rsp)
  );

  // ---------------------------------------------------------------- contexts
  reg  [NUM_FLOWS-1:0] sltx_q;      // the flow is a live stateless transmit flow
  reg          tk_t_q, tk_f_q;      // the request taken by mppe_top / the farm
  reg  [1:0]   rq_cmd_q;
  reg  [FB-1:0] rq_flow_q;
  reg          rq_sltx_q, rq_in_q;  // CREATE of a stateless tx flow; flow within NUM_FLOWS
  assign t_ctx_req_valid_o = ctx_req_valid_i && !tk_t_q;
  assign f_req_valid       = ctx_req_valid_i && !tk_f_q;
  assign ctx_req_ready_o   = (tk_t_q || t_ctx_req_ready_i) && (tk_f_q || f_req_ready);
  wire   req_take = ctx_req_valid_i && ctx_req_ready_o;
  assign ctx_rsp_valid_o   = t_ctx_rsp_valid_i && f_rsp_valid;
  assign t_ctx_rsp_ready_o = ctx_rsp_ready_i && ctx_rsp_valid_o;
  assign f_rsp_ready       = ctx_rsp_ready_i && ctx_rsp_valid_o;
  wire   rsp_ok = t_ctx_rsp_i[`MPPE_CTX_RSP_STATUS] == `MPPE_OK;
  always @(*) begin
    ctx_rsp_o = t_ctx_rsp_i;
    if (rq_cmd_q == `MPPE_CTX_READ && rq_in_q && sltx_q[rq_flow_q] && rsp_ok) begin
      ctx_rsp_o[`MPPE_CTX_RSP_PACKETS]     = t_ctx_rsp_i[`MPPE_CTX_RSP_PACKETS] + f_rsp[`MPPE_CTX_RSP_PACKETS];
      ctx_rsp_o[`MPPE_CTX_RSP_BYTES]       = t_ctx_rsp_i[`MPPE_CTX_RSP_BYTES] + f_rsp[`MPPE_CTX_RSP_BYTES];
      ctx_rsp_o[`MPPE_CTX_RSP_KEY_CHANGES] = t_ctx_rsp_i[`MPPE_CTX_RSP_KEY_CHANGES] +
                                             f_rsp[`MPPE_CTX_RSP_KEY_CHANGES];
      ctx_rsp_o[`MPPE_CTX_RSP_NEXT_CCOUNT] = f_rsp[`MPPE_CTX_RSP_NEXT_CCOUNT];
    end
  end
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      tk_t_q <= 1'b0; tk_f_q <= 1'b0;
      sltx_q <= {NUM_FLOWS{1'b0}};
    end else begin
      if (req_take) begin
        tk_t_q <= 1'b0; tk_f_q <= 1'b0;
      end else begin
        if (t_ctx_req_valid_o && t_ctx_req_ready_i) tk_t_q <= 1'b1;
        if (f_req_valid && f_req_ready) tk_f_q <= 1'b1;
      end
      // the flow's mode as mppe_top took it (the farm answers alike)
      if (ctx_rsp_valid_o && ctx_rsp_ready_i && rsp_ok && rq_in_q) begin
        if (rq_cmd_q == `MPPE_CTX_CREATE)  sltx_q[rq_flow_q] <= rq_sltx_q;
        if (rq_cmd_q == `MPPE_CTX_DESTROY) sltx_q[rq_flow_q] <= 1'b0;
      end
    end
  end
  always @(posedge clk_i) begin
    if (req_take) begin
      rq_cmd_q  <= ctx_req_i[`MPPE_CTX_REQ_CMD];
      rq_flow_q <= ctx_req_i[`MPPE_CTX_REQ_FLOW_LSB +: FB];
      rq_in_q   <= (ctx_req_i[`MPPE_CTX_REQ_FLOW] >> FB) == 16'd0;
      rq_sltx_q <= !ctx_req_i[`MPPE_CTX_REQ_DIR_LSB] && !ctx_req_i[`MPPE_CTX_REQ_STATEFUL_LSB];
    end
  end

  // ---------------------------------------------------------------- operations in flight
  // by tag: valid, side (1 farm), flow; the self-test's tag has the last entry
  function automatic [TB-1:0] tag_idx;
    input [TAG_W-1:0] t;
    begin
      tag_idx = (t == {TAG_W{1'b1}}) ? NTAGS[TB-1:0] : t[TB-1:0];
    end
  endfunction
  reg  [NTAGS:0]    fl_v_q, fl_s_q;
  reg  [FLOW_W-1:0] fl_f_q [0:NTAGS];

  // ---------------------------------------------------------------- input
  // An operation's first beat is taken from the card's input switch at
  // once, as mppe_top takes it: the switch locks on a taken beat, so it
  // cannot turn to the self-test port while the farm has the descriptor.
  // For the farm the beat waits a clock in hold_q behind the descriptor,
  // and every later beat likewise (a one-word pipeline).
  reg  in_lock_q, in_dst_q;          // within an operation (beats to come); its side
  reg         hold_v_q;
  reg  [63:0] hold_q;
  wire in_farm_flow = (in_flow_i >> FB) == {FLOW_W{1'b0}} && sltx_q[in_flow_i[FB-1:0]];
  wire steer = in_op_i == `MPPE_OP_ENCRYPT && in_farm_flow && in_len_i >= 16'd2 && in_len_i <= 16'd2048;
  wire dst   = in_lock_q ? in_dst_q : steer;
  // a new operation waits while its flow has one in flight on the other
  // side, and while the farm's pipeline word of the last one is out
  reg  other;
  integer k;
  always @(*) begin
    other = 1'b0;
    for (k = 0; k <= NTAGS; k = k + 1)
      if (fl_v_q[k] && fl_s_q[k] != steer && fl_f_q[k] == in_flow_i)
        other = 1'b1;
  end
  wire can_start = !in_lock_q && !other && !hold_v_q;
  wire [63:0] f_desc = {28'd0, in_op_i, in_flow_i[15:0], 4'd0, in_len_i[11:0]};
  assign f_in_valid   = hold_v_q || (can_start && dst && in_valid_i);
  assign f_in_data    = hold_v_q ? hold_q : f_desc;
  assign t_in_valid_o = in_valid_i && !dst && (in_lock_q || can_start);
  assign in_ready_o   = !dst ? (in_lock_q || can_start) && t_in_ready_i :
                        in_lock_q ? (!hold_v_q || f_in_ready) :
                        can_start && f_in_ready;
  wire   in_take = in_valid_i && in_ready_o;
  wire   start   = in_take && !in_lock_q;
  assign farm_op_o = start && dst;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_lock_q <= 1'b0; in_dst_q <= 1'b0;
      hold_v_q  <= 1'b0;
    end else begin
      if (in_take) in_lock_q <= !in_last_i;
      if (start)   in_dst_q  <= dst;
      if (in_take && dst) hold_v_q <= 1'b1;
      else if (f_in_ready) hold_v_q <= 1'b0;
    end
  end
  always @(posedge clk_i)
    if (in_take && dst) hold_q <= in_data_i;

  // ---------------------------------------------------------------- output
  // A result is chosen between two (round robin), then given whole: its
  // fields are held from the choice to its last beat. The farm's becomes
  // mppe_top's form: octets 0..1 the MPPE header (in the farm's descriptor),
  // then the ciphertext words shifted by two octets; a refusal one beat.
  localparam [1:0] M_IDLE = 2'd0, M_TOP = 2'd1, M_FARM = 2'd2;
  reg  [1:0]   m_q;
  reg          m_last_farm_q;
  reg  [TAG_W-1:0]  fr_tag_q;
  reg  [FLOW_W-1:0] fr_flow_q;
  reg  [3:0]   fr_st_q;
  reg  [11:0]  fr_cc_q;
  reg  [15:0]  fr_len_q;             // octets out: the farm's + 2 (0: a refusal)
  reg  [9:0]   fr_in_q;              // ciphertext words still to take
  reg  [9:0]   fr_out_q;             // beats still to give
  reg  [15:0]  fr_carry_q;           // the two octets shifted out of the last word
  wire [3:0]   fd_status = f_out_data[35:32];
  wire [11:0]  fd_len    = f_out_data[11:0];
  wire         fd_ok     = fd_status == `MPPE_OK;
  wire [12:0]  fd_olen   = {1'b0, fd_len} + 13'd2;
  wire [9:0]   fd_obeats = fd_olen[12:3] + {9'd0, |fd_olen[2:0]};
  wire [9:0]   fd_words  = fd_len[11:3] + {9'd0, |fd_len[2:0]};
  // the last beat's octets beyond the length are zero, as mppe_top's
  reg  [63:0]  last_mask;
  integer b;
  always @(*) begin
    for (b = 0; b < 8; b = b + 1)
      last_mask[8*b +: 8] = (fr_len_q[2:0] == 3'd0 || b < fr_len_q[2:0]) ? 8'hff : 8'h00;
  end
  wire         fr_need  = fr_in_q != 10'd0;          // this beat takes a farm word
  wire [63:0]  fr_word  = fr_need ? {f_out_data[47:0], fr_carry_q} : {48'd0, fr_carry_q};
  wire         fr_lastb = fr_out_q == 10'd1;
  wire         fr_ok    = fr_st_q == `MPPE_OK;
  wire pick_farm = m_q == M_IDLE && f_out_valid && (!t_out_valid_i || !m_last_farm_q);
  wire pick_top  = m_q == M_IDLE && t_out_valid_i && !pick_farm;
  wire on_top = m_q == M_TOP;
  assign out_valid_o  = on_top ? t_out_valid_i : (m_q == M_FARM && (!fr_need || f_out_valid));
  assign out_tag_o    = on_top ? t_out_tag_i    : fr_tag_q;
  assign out_flow_o   = on_top ? t_out_flow_i   : fr_flow_q;
  assign out_op_o     = on_top ? t_out_op_i     : `MPPE_OP_ENCRYPT;
  assign out_status_o = on_top ? t_out_status_i : fr_st_q;
  // RFC 3078 3.1: every stateless packet is flushed (bit A: MPPE_CF_FLUSHED)
  assign out_flags_o  = on_top ? t_out_flags_i  : {7'd0, fr_ok};
  assign out_ccount_o = on_top ? t_out_ccount_i : fr_cc_q;
  assign out_len_o    = on_top ? t_out_len_i    : fr_len_q;
  assign out_data_o   = on_top ? t_out_data_i   : fr_lastb ? fr_word & last_mask : fr_word;
  assign out_last_o   = on_top ? t_out_last_i   : fr_lastb;
  assign t_out_ready_o = on_top && out_ready_i;
  assign f_out_ready   = pick_farm || (m_q == M_FARM && fr_need && out_ready_i);
  wire out_take = out_valid_o && out_ready_i;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      m_q <= M_IDLE;
      m_last_farm_q <= 1'b0;
    end else begin
      case (m_q)
        M_IDLE: if (pick_farm) begin
                  m_q <= M_FARM; m_last_farm_q <= 1'b1;
                end else if (pick_top) begin
                  m_q <= M_TOP; m_last_farm_q <= 1'b0;
                end
        M_TOP:  if (out_take && t_out_last_i) m_q <= M_IDLE;
        M_FARM: if (out_take && fr_lastb) m_q <= M_IDLE;
        default: m_q <= M_IDLE;
      endcase
    end
  end
  always @(posedge clk_i) begin
    if (pick_farm) begin
      // the descriptor: {8'd0, hdr1, hdr0, 4'd0, status, flow, 4'd0, len}
      fr_tag_q   <= f_out_tag;
      fr_flow_q  <= f_out_data[16 +: FLOW_W];
      fr_st_q    <= fd_status;
      fr_cc_q    <= fd_ok ? {f_out_data[43:40], f_out_data[55:48]} : 12'd0;
      fr_len_q   <= fd_ok ? {3'd0, fd_olen} : 16'd0;
      fr_in_q    <= fd_ok ? fd_words : 10'd0;
      fr_out_q   <= fd_ok ? fd_obeats : 10'd1;
      fr_carry_q <= fd_ok ? f_out_data[55:40] : 16'd0;    // hdr0 in octet 0, hdr1 in octet 1
    end else if (m_q == M_FARM && out_take) begin
      fr_out_q <= fr_out_q - 10'd1;
      if (fr_need) begin
        fr_in_q    <= fr_in_q - 10'd1;
        fr_carry_q <= f_out_data[63:48];
      end
    end
  end

  // ---------------------------------------------------------------- in-flight table
  wire [TB-1:0] done_idx = tag_idx(out_tag_o);
  wire [TB-1:0] new_idx  = tag_idx(in_tag_i);
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fl_v_q <= {(NTAGS+1){1'b0}};
    end else begin
      if (out_take && out_last_o) fl_v_q[done_idx] <= 1'b0;
      if (start) fl_v_q[new_idx] <= 1'b1;
    end
  end
  always @(posedge clk_i) begin
    if (start) begin
      fl_s_q[new_idx] <= dst;
      fl_f_q[new_idx] <= in_flow_i;
    end
  end

endmodule

`default_nettype wire
