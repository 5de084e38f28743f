// Registers that let the firmware run one operation through the engine's
// input/output streams (docs/engine-streams.md): the power-on self-test
// (SELFTEST_RC4, SELFTEST_SHA1, and an ENCRYPT for the MPPE rekey check).
// The card top gives these streams to the engine only while the data path
// is disabled. Fill IN (up to 64 octets), OP, FLOW, LEN; write GO; poll
// STATUS until BUSY clears; read OUT (the first 32 octets of the result).
// Sized for the self-test: a SHA-1 block is the largest input (64 octets),
// a digest the largest output (20). IN and OUT are one 32 x 32-bit RAM
// (block RAM; in flip-flops with their word multiplexers they were ~900
// flip-flops and ~1,200 LUT4 on the iCE40): the streams move a 64-bit beat
// as two words, so an input beat takes three clocks and an output beat two,
// which only the self-test's few beats pay. The core's reads of IN and OUT
// go first; the input stream waits for the port.
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

  reg [31:0]   buf_mem [0:31];      // words 0..15 IN, 16..23 OUT
  reg [31:0]   mem_rd_q;            // the RAM's read register
  reg [31:0]   reg_rd_q;            // the other registers' read data
  reg          rd_mem_q;            // the last read by the core was IN or OUT
  reg [3:0]    op_q;
  reg [FLOW_W-1:0] flow_q;
  reg [15:0]   len_q;
  reg [15:0]   beats_q, beat_q;     // input beats to send, next one
  reg [2:0]    out_beat_q;          // result beat being stored (first 4 only; 4 = full)
  reg          wait_out_q, busy_q, out_seen_q;
  reg          feed_q;              // input beats left to send
  reg [1:0]    fetch_q;             // input beat: 0 read its low word, 1 its high word, 2 wait for it
  reg          lo_arr_q, hi_arr_q;  // the low / high word read last clock is in mem_rd_q
  reg [63:0]   in_data_q;           // the beat on in_data_o (valid with in_valid_o)
  reg          hi_pend_q;           // the high word of an output beat is still to be written
  reg [31:0]   hi_q;
  reg [2:0]    hi_addr_q;
  reg [3:0]    st_status_q;
  reg [7:0]    st_flags_q;
  reg [11:0]   st_ccount_q;
  reg [15:0]   st_out_len_q;

  wire wr = req_i && we_i;
  wire [15:0] beats = (len_q == 16'd0) ? 16'd1 : ((len_q + 16'd7) >> 3);
  wire in_sel  = addr_i[9:6] == REG_IN[9:6];
  wire out_sel = addr_i[9:5] == REG_OUT[9:5];
  wire cpu_rd  = req_i && !we_i && (in_sel || out_sel);

  assign in_tag_o    = ST_TAG;
  assign in_flow_o   = flow_q;
  assign in_op_o     = op_q;
  assign in_len_o    = len_q;
  assign in_data_o   = in_data_q;
  assign in_last_o   = (beat_q == beats_q - 16'd1);

  // the one write port: the core's IN words while idle, result words while busy
  wire out_take = wait_out_q && out_valid_i && out_ready_o && out_tag_i == ST_TAG;
  wire out_keep = out_take && out_beat_q != 3'd4;
  assign out_ready_o = wait_out_q && !hi_pend_q;
  wire        m_we    = (wr && !busy_q && in_sel) || out_keep || hi_pend_q;
  wire [4:0]  m_waddr = hi_pend_q ? {2'b10, hi_addr_q} :
                        out_keep  ? {2'b10, out_beat_q[1:0], 1'b0} : {1'b0, addr_i[5:2]};
  wire [31:0] m_wdata = hi_pend_q ? hi_q : out_keep ? out_data_i[31:0] : wdata_i;
  // the one read port: the core first, then the input stream
  wire        f_rd    = feed_q && !in_valid_o && fetch_q != 2'd2 && !cpu_rd;
  wire [4:0]  m_raddr = cpu_rd ? {out_sel, out_sel ? {1'b0, addr_i[4:2]} : addr_i[5:2]}
                               : {1'b0, beat_q[2:0], fetch_q[0]};

  always @(posedge clk_i) begin
    if (m_we) buf_mem[m_waddr] <= m_wdata;
    if (cpu_rd || f_rd) mem_rd_q <= buf_mem[m_raddr];
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_valid_o   <= 1'b0;
      wait_out_q   <= 1'b0;
      busy_q       <= 1'b0;
      out_seen_q   <= 1'b0;
      feed_q       <= 1'b0;
      fetch_q      <= 2'd0;
      lo_arr_q     <= 1'b0;
      hi_arr_q     <= 1'b0;
      hi_pend_q    <= 1'b0;
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
        feed_q     <= 1'b1;
        fetch_q    <= 2'd0;
        wait_out_q <= 1'b1;
        out_seen_q <= 1'b0;
        beats_q    <= beats;
        beat_q     <= 16'd0;
        out_beat_q <= 3'd0;
      end
      // input beat: low word read, high word read (the core's reads may come
      // between), then valid the clock the high word arrives
      if (f_rd) fetch_q <= fetch_q + 2'd1;
      lo_arr_q <= f_rd && fetch_q == 2'd0;
      hi_arr_q <= f_rd && fetch_q == 2'd1;
      if (hi_arr_q) begin
        in_valid_o <= 1'b1;
        fetch_q    <= 2'd0;
      end
      if (in_valid_o && in_ready_i) begin
        in_valid_o <= 1'b0;
        beat_q <= beat_q + 16'd1;
        if (in_last_o) feed_q <= 1'b0;
      end
      // results with another tag belong to someone else; none should come while we hold the streams
      if (out_take) begin
        if (!out_seen_q) begin
          st_status_q  <= out_status_i;
          st_flags_q   <= out_flags_i;
          st_ccount_q  <= out_ccount_i;
          st_out_len_q <= out_len_i;
          out_seen_q   <= 1'b1;
        end
        if (out_beat_q != 3'd4) out_beat_q <= out_beat_q + 3'd1;
        if (out_last_i) wait_out_q <= 1'b0;
      end
      hi_pend_q <= out_keep;
      if (busy_q && !feed_q && !wait_out_q && !hi_pend_q) busy_q <= 1'b0;
    end
  end

  always @(posedge clk_i) begin
    if (lo_arr_q) in_data_q[31:0]  <= mem_rd_q;
    if (hi_arr_q) in_data_q[63:32] <= mem_rd_q;
    if (out_keep) begin
      hi_q      <= out_data_i[63:32];
      hi_addr_q <= {out_beat_q[1:0], 1'b1};
    end
    if (wr && !busy_q) begin
      case (addr_i)
        REG_OP:   op_q   <= wdata_i[3:0];
        REG_FLOW: flow_q <= wdata_i[FLOW_W-1:0];
        REG_LEN:  len_q  <= (wdata_i > 32'd64) ? 16'd64 : wdata_i[15:0];
        default: ;
      endcase
    end
    if (req_i && !we_i) begin
      rd_mem_q <= in_sel || out_sel;
      case (addr_i)
        REG_STATUS:  reg_rd_q <= {4'd0, st_ccount_q, st_flags_q, st_status_q, 3'd0, busy_q};
        REG_OP:      reg_rd_q <= {28'd0, op_q};
        REG_FLOW:    reg_rd_q <= {{(32-FLOW_W){1'b0}}, flow_q};
        REG_LEN:     reg_rd_q <= {16'd0, len_q};
        REG_OUT_LEN: reg_rd_q <= {16'd0, st_out_len_q};
        REG_ENGINE:  reg_rd_q <= {30'd0, eng_ready_i, eng_present_i};
        default:     reg_rd_q <= 32'd0;
      endcase
    end
  end
  always @(*) rdata_o = rd_mem_q ? mem_rd_q : reg_rd_q;

endmodule

`default_nettype wire
