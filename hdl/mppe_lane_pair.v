// Two RC4 lanes of the engine farm (hdl/mppe_lane.v; issue 15) sharing one
// packet-buffer RAM of 512 words of 64 bits: lane k's 2 KiB buffer is words
// 256k..256k+255. A lane alone needs a 256 x 64 RAM, which on Xilinx
// 7-series takes a whole RAMB36 (a 64-bit port is a RAMB36's 72-bit simple
// dual-port mode, 512 deep): two lanes in one RAMB36 are half a RAMB36 a
// lane less. N = 1 is one lane with a RAM of its own (an odd LANES).
//
// The RAM has one write port and one registered read port; each clock each
// goes to one asker:
//   - a lane's own accesses first (encryption: the read of a next word and
//     the write-back of a word, one each per 8 octets, each asked by a
//     register until granted); when both lanes ask, the turn bit (turn_q,
//     flipped every clock) decides;
//   - then the farm's: its writes into a FREE lane (wr_en_i) and reads of
//     a FULL lane (rd_en_i). A lane the farm has asks for nothing (the
//     farm loads one lane and reads one lane at a time), so only the other
//     lane's asks compete: wbusy_o / rbusy_o say a lane of the pair asks
//     this clock, from registers, and the farm holds its word for a clock
//     (mppe_farm: the loader's in_ready_o, the output's read issue).
`default_nettype none

module mppe_lane_pair #(
  parameter integer N = 2,            // lanes: 2, or 1 (a RAM of its own)
  parameter [0:0]   RC4_DUAL = 1'b1
) (
  input  wire           clk_i,
  input  wire           rst_ni,
  input  wire [N-1:0]   wr_en_i,      // the farm writes wr_data_i at wr_addr_i (not with wbusy_o)
  input  wire [7:0]     wr_addr_i,
  input  wire [63:0]    wr_data_i,
  input  wire [N-1:0]   loaded_i,
  input  wire [N-1:0]   go_i,
  input  wire [N-1:0]   skip_i,
  input  wire [127:0]   key_i,
  input  wire [4:0]     key_len_i,
  input  wire [11:0]    len_i,
  input  wire [N-1:0]   rd_en_i,      // the farm reads rd_addr_i (not with rbusy_o) ...
  input  wire [7:0]     rd_addr_i,
  output wire [63:0]    rd_data_o,    // ... its word a clock later
  input  wire [N-1:0]   free_i,
  output wire [N-1:0]   free_o,
  output wire [N-1:0]   waiting_o,
  output wire [N-1:0]   full_o,
  output wire           wbusy_o,      // a lane has the write port this clock
  output wire           rbusy_o       // a lane has the read port this clock
);

  localparam integer AW = (N > 1) ? 9 : 8;

  wire [N-1:0] rq, wp;
  wire [7:0]   ra [0:N-1];
  wire [7:0]   wa [0:N-1];
  wire [63:0]  wb [0:N-1];
  reg  [N-1:0] rg, wg;
  reg  [63:0]  bq_q;

  genvar g;
  generate
    for (g = 0; g < N; g = g + 1) begin : g_lane
      mppe_lane #(.RC4_DUAL (RC4_DUAL)) u_lane (
        .clk_i, .rst_ni,
        .loaded_i (loaded_i[g]),
        .go_i (go_i[g]), .skip_i (skip_i[g]), .key_i, .key_len_i,
        .len_i, .free_i (free_i[g]),
        .free_o (free_o[g]), .waiting_o (waiting_o[g]), .full_o (full_o[g]),
        .rq_o (rq[g]), .ra_o (ra[g]), .rg_i (rg[g]), .b_q_i (bq_q),
        .wp_o (wp[g]), .wa_o (wa[g]), .wb_o (wb[g]), .wg_i (wg[g])
      );
    end
  endgenerate
  assign wbusy_o = |wp;
  assign rbusy_o = |rq;

  (* ram_style = "block" *)
  reg  [63:0]  mem [0:(1 << AW) - 1];
  reg          m_we, m_re;
  reg  [AW-1:0] m_wa, m_ra;
  reg  [63:0]  m_wd;

  generate
    if (N > 1) begin : g_two
      reg turn_q;                     // lane turn_q wins when both ask
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) turn_q <= 1'b0;
        else         turn_q <= !turn_q;
      end
      always @(*) begin
        wg[0] = wp[0] && (!wp[1] || !turn_q);
        wg[1] = wp[1] && !wg[0];
        rg[0] = rq[0] && (!rq[1] || !turn_q);
        rg[1] = rq[1] && !rg[0];
        // the write port: a lane's write-back, else the farm's word
        m_we = |wp || |wr_en_i;
        m_wa = wg[1] ? {1'b1, wa[1]} : wg[0] ? {1'b0, wa[0]} : {wr_en_i[1], wr_addr_i};
        m_wd = wg[1] ? wb[1] : wg[0] ? wb[0] : wr_data_i;
        // the read port: a lane's next word, else the farm's read
        m_re = |rq || |rd_en_i;
        m_ra = rg[1] ? {1'b1, ra[1]} : rg[0] ? {1'b0, ra[0]} : {rd_en_i[1], rd_addr_i};
      end
    end else begin : g_one
      always @(*) begin
        wg = wp; rg = rq;
        m_we = wp[0] || wr_en_i[0];
        m_wa = wp[0] ? wa[0] : wr_addr_i;
        m_wd = wp[0] ? wb[0] : wr_data_i;
        m_re = rq[0] || rd_en_i[0];
        m_ra = rq[0] ? ra[0] : rd_addr_i;
      end
    end
  endgenerate

  always @(posedge clk_i) begin
    if (m_we)
      mem[m_wa] <= m_wd;
    if (m_re)
      bq_q <= mem[m_ra];
  end
  assign rd_data_o = bq_q;

`ifdef MPPE_ASSERT
  reg a_armed_q = 1'b0;
  always @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) a_armed_q <= 1'b1;
  always @(posedge clk_i)
    if (a_armed_q) begin
      // the farm: one lane at a time, never beside a lane's own access,
      // only a free lane written and a full lane read
      assert (!(wr_en_i != {N{1'b0}} && (wbusy_o || (wr_en_i & (wr_en_i - 1'b1)) != {N{1'b0}})));
      assert (!(rd_en_i != {N{1'b0}} && (rbusy_o || (rd_en_i & (rd_en_i - 1'b1)) != {N{1'b0}})));
      assert ((wr_en_i & ~free_o) == {N{1'b0}} && (rd_en_i & ~full_o) == {N{1'b0}});
    end
`endif

endmodule

`default_nettype wire
