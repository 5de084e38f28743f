// Receive side of the 7-series PCIe block's 64-bit AXI4-Stream (PG054,
// "Receive Interface"): each beat carries two DWs, DW0 of the TLP in
// tdata[31:0]; a TLP's last beat has tkeep 0x0F when it ends on an even DW.
// m_axis_rx_tuser[8:2] are the BAR hits of the TLP (valid on its first beat).
// This unit hands the TLP on one DW per clock with start/end marks, which
// keeps the TLP parser a plain DW state machine; at a 250 MHz user clock
// that is 1 GB/s, above what the card's 64-bit port at its clock takes.
`default_nettype none

module pcie_rx_dw (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire [63:0] m_axis_rx_tdata_i,
  input  wire [7:0]  m_axis_rx_tkeep_i,
  input  wire        m_axis_rx_tlast_i,
  input  wire        m_axis_rx_tvalid_i,
  output wire        m_axis_rx_tready_o,
  input  wire [21:0] m_axis_rx_tuser_i,
  output wire        dw_valid_o,
  input  wire        dw_ready_i,
  output wire [31:0] dw_data_o,
  output wire        dw_sof_o,
  output wire        dw_eof_o,
  output wire [6:0]  dw_bar_o        // BAR hits of the TLP, valid with every DW
);

  reg        hold_q, hi_q, keep_hi_q, last_q, in_pkt_q;
  reg [63:0] data_q;
  reg [6:0]  bar_q, bar_pkt_q;

  wire last_of_beat = hi_q || !keep_hi_q;
  wire pop          = hold_q && dw_ready_i;
  wire accept       = m_axis_rx_tvalid_i && m_axis_rx_tready_o;

  assign m_axis_rx_tready_o = !hold_q || (dw_ready_i && last_of_beat);
  assign dw_valid_o = hold_q;
  assign dw_data_o  = hi_q ? data_q[63:32] : data_q[31:0];
  assign dw_sof_o   = !in_pkt_q;
  assign dw_eof_o   = last_q && last_of_beat;
  assign dw_bar_o   = in_pkt_q ? bar_pkt_q : bar_q;

  always @(posedge clk_i) begin
    if (accept) begin
      data_q    <= m_axis_rx_tdata_i;
      keep_hi_q <= m_axis_rx_tkeep_i[4];
      last_q    <= m_axis_rx_tlast_i;
      bar_q     <= m_axis_rx_tuser_i[8:2];
    end
    if (pop && dw_sof_o) bar_pkt_q <= bar_q;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      hold_q   <= 1'b0;
      hi_q     <= 1'b0;
      in_pkt_q <= 1'b0;
    end else begin
      if (pop) in_pkt_q <= !dw_eof_o;
      if (accept) begin
        hold_q <= 1'b1;
        hi_q   <= 1'b0;
      end else if (pop) begin
        hold_q <= !last_of_beat;
        hi_q   <= 1'b1;
      end
    end
  end

  // the 64-bit interface uses only tkeep[4] (0x0F or 0xFF) and the BAR hits
  wire unused = ^{m_axis_rx_tkeep_i[7:5], m_axis_rx_tkeep_i[3:0], m_axis_rx_tuser_i[21:9], m_axis_rx_tuser_i[1:0]};

endmodule
