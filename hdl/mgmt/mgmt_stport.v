// Registers that let the firmware run one operation through the engine's
// input/output streams (docs/engine-streams.md): the power-on self-test
// (SELFTEST_RC4, SELFTEST_SHA1, and an ENCRYPT for the MPPE rekey check).
// The card top gives these streams to the engine only while the data path
// is disabled. Fill IN (up to 64 octets), OP, FLOW, LEN; write GO; poll
// STATUS until BUSY clears; read OUT (the first 32 octets of the result).
// Sized for the self-test: a SHA-1 block is the largest input (64 octets),
// a digest the largest output (20); bigger buffers cost LUTs, not clarity.
`default_nettype none
`include "mgmt_map.vh"

module mgmt_stport #(
  parameter integer FLOW_W = 16,
  parameter integer TAG_W  = 16
) (
  input  wire              clk_i,
  input  wire              rst_ni,

  input  wire              req_i,
  input  wire              we_i,
  input  wire [9:0]        addr_i,
  input  wire [31:0]       wdata_i,
  output reg  [31:0]       rdata_o,

  input  wire              eng_present_i,
  input  wire              eng_ready_i,

  output reg               in_valid_o,
  input  wire              in_ready_i,
  output wire [TAG_W-1:0]  in_tag_o,
  output wire [FLOW_W-1:0] in_flow_o,
  output wire [3:0]        in_op_o,
  output wire [15:0]       in_len_o,
  output wire [63:0]       in_data_o,
  output wire              in_last_o,

  input  wire              out_valid_i,
  output wire              out_ready_o,
  input  wire [TAG_W-1:0]  out_tag_i,
  input  wire [3:0]        out_status_i,
  input  wire [7:0]        out_flags_i,
  input  wire [11:0]       out_ccount_i,
  input  wire [15:0]       out_len_i,
  input  wire [63:0]       out_data_i,
  input  wire              out_last_i
);

  // offsets within the ST block: contract/mgmt_map.txt
  localparam [9:0] REG_GO      = `MGMT_ST_GO_OFF;
  localparam [9:0] REG_STATUS  = `MGMT_ST_STATUS_OFF;
  localparam [9:0] REG_OP      = `MGMT_ST_OP_OFF;
  localparam [9:0] REG_FLOW    = `MGMT_ST_FLOW_OFF;
  localparam [9:0] REG_LEN     = `MGMT_ST_LEN_OFF;
  localparam [9:0] REG_OUT_LEN = `MGMT_ST_OUT_LEN_OFF;
  localparam [9:0] REG_ENGINE  = `MGMT_ST_ENGINE_OFF;
  localparam [9:0] REG_IN      = `MGMT_ST_IN_OFF;    // 16 words
  localparam [9:0] REG_OUT     = `MGMT_ST_OUT_OFF;   // 8 words
  localparam [TAG_W-1:0] ST_TAG = {TAG_W{1'b1}};

  reg [511:0]  in_buf_q;
  reg [255:0]  out_buf_q;
  reg [3:0]    op_q;
  reg [FLOW_W-1:0] flow_q;
  reg [15:0]   len_q;
  reg [15:0]   beats_q, beat_q;     // input beats to send, next one
  reg [2:0]    out_beat_q;          // result beat being stored (first 4 only; 4 = full)
  reg          wait_out_q, busy_q, out_seen_q;
  reg [3:0]    st_status_q;
  reg [7:0]    st_flags_q;
  reg [11:0]   st_ccount_q;
  reg [15:0]   st_out_len_q;

  wire wr = req_i && we_i;
  wire [15:0] beats = (len_q == 16'd0) ? 16'd1 : ((len_q + 16'd7) >> 3);

  assign in_tag_o    = ST_TAG;
  assign in_flow_o   = flow_q;
  assign in_op_o     = op_q;
  assign in_len_o    = len_q;
  assign in_data_o   = (beat_q < 16'd8) ? in_buf_q[beat_q[2:0]*64 +: 64] : 64'd0;
  assign in_last_o   = (beat_q == beats_q - 16'd1);
  assign out_ready_o = wait_out_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_valid_o   <= 1'b0;
      wait_out_q   <= 1'b0;
      busy_q       <= 1'b0;
      out_seen_q   <= 1'b0;
      beats_q      <= 16'd0;
      beat_q       <= 16'd0;
      out_beat_q   <= 3'd0;
      st_status_q  <= 4'd0;
      st_flags_q   <= 8'd0;
      st_ccount_q  <= 12'd0;
      st_out_len_q <= 16'd0;
    end else begin
      if (wr && addr_i == REG_GO && wdata_i[0] && !busy_q) begin
        busy_q     <= 1'b1;
        in_valid_o <= 1'b1;
        wait_out_q <= 1'b1;
        out_seen_q <= 1'b0;
        beats_q    <= beats;
        beat_q     <= 16'd0;
        out_beat_q <= 3'd0;
      end
      if (in_valid_o && in_ready_i) begin
        beat_q <= beat_q + 16'd1;
        if (in_last_o) in_valid_o <= 1'b0;
      end
      // results with another tag belong to someone else; none should come while we hold the streams
      if (wait_out_q && out_valid_i && out_tag_i == ST_TAG) begin
        if (!out_seen_q) begin
          st_status_q  <= out_status_i;
          st_flags_q   <= out_flags_i;
          st_ccount_q  <= out_ccount_i;
          st_out_len_q <= out_len_i;
          out_seen_q   <= 1'b1;
        end
        if (out_beat_q != 3'd4) out_beat_q <= out_beat_q + 3'd1;
        if (out_last_i) begin
          wait_out_q <= 1'b0;
          busy_q     <= in_valid_o;   // normally the input has long finished
        end
      end
      if (busy_q && !in_valid_o && !wait_out_q) busy_q <= 1'b0;
    end
  end

  always @(posedge clk_i) begin
    if (wait_out_q && out_valid_i && out_tag_i == ST_TAG && out_beat_q != 3'd4)
      out_buf_q[out_beat_q[1:0]*64 +: 64] <= out_data_i;
    if (wr && !busy_q) begin
      case (addr_i)
        REG_OP:   op_q   <= wdata_i[3:0];
        REG_FLOW: flow_q <= wdata_i[FLOW_W-1:0];
        REG_LEN:  len_q  <= (wdata_i > 32'd64) ? 16'd64 : wdata_i[15:0];
        default: ;
      endcase
      if (addr_i[9:6] == REG_IN[9:6]) in_buf_q[addr_i[5:2]*32 +: 32] <= wdata_i;
    end
    if (req_i && !we_i) begin
      if (addr_i[9:6] == REG_IN[9:6]) begin
        rdata_o <= in_buf_q[addr_i[5:2]*32 +: 32];
      end else if (addr_i[9:5] == REG_OUT[9:5]) begin
        rdata_o <= out_buf_q[addr_i[4:2]*32 +: 32];
      end else begin
        case (addr_i)
          REG_STATUS:  rdata_o <= {4'd0, st_ccount_q, st_flags_q, st_status_q, 3'd0, busy_q};
          REG_OP:      rdata_o <= {28'd0, op_q};
          REG_FLOW:    rdata_o <= {{(32-FLOW_W){1'b0}}, flow_q};
          REG_LEN:     rdata_o <= {16'd0, len_q};
          REG_OUT_LEN: rdata_o <= {16'd0, st_out_len_q};
          REG_ENGINE:  rdata_o <= {30'd0, eng_ready_i, eng_present_i};
          default:     rdata_o <= 32'd0;
        endcase
      end
    end
  end

endmodule

`default_nettype wire
