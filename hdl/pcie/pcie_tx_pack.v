// Transmit side of the 7-series PCIe block's 64-bit AXI4-Stream: TLPs come in
// one DW per clock (dw_last on the final DW) and are packed two DWs per beat,
// DW0 in tdata[31:0], tkeep 0x0F on a last beat holding one DW. The core
// does not accept a source that pauses inside a TLP (s_axis_tx_tvalid must
// stay high from the first to the last beat, PG054 "Transmitting Outbound
// Packets"), so a TLP is offered only once it is entirely in the FIFO; the
// FIFO therefore holds the largest TLP: a 4-DW header and 512 octets.
`default_nettype none

module pcie_tx_pack #(
  parameter integer AW = 7                   // 128 beats
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        dw_valid_i,
  output wire        dw_ready_o,
  input  wire [31:0] dw_data_i,
  input  wire        dw_last_i,
  input  wire        s_axis_tx_tready_i,
  output wire [63:0] s_axis_tx_tdata_o,
  output wire [7:0]  s_axis_tx_tkeep_o,
  output wire        s_axis_tx_tlast_o,
  output wire        s_axis_tx_tvalid_o,
  output wire [3:0]  s_axis_tx_tuser_o
);

  reg        lo_valid_q;
  reg [31:0] lo_q;
  reg [7:0]  pkts_q;                         // whole TLPs in the FIFO

  wire        full, f_valid;
  wire [65:0] f_data;                        // {last, keep_hi, hi, lo}
  wire        push_dw = dw_valid_i && dw_ready_o;
  wire        push    = push_dw && (lo_valid_q || dw_last_i);
  wire [65:0] f_in    = lo_valid_q ? {dw_last_i, 1'b1, dw_data_i, lo_q}
                                   : {1'b1, 1'b0, 32'd0, dw_data_i};
  wire        pop     = s_axis_tx_tvalid_o && s_axis_tx_tready_i;

  assign dw_ready_o         = !full;
  assign s_axis_tx_tvalid_o = f_valid && pkts_q != 8'd0;
  assign s_axis_tx_tdata_o  = f_data[63:0];
  assign s_axis_tx_tkeep_o  = f_data[64] ? 8'hff : 8'h0f;
  assign s_axis_tx_tlast_o  = f_data[65];
  assign s_axis_tx_tuser_o  = 4'd0;          // no ECRC, not poisoned, no streaming, no discontinue

  fifo_fwft #(.DW(66), .AW(AW)) u_fifo (
    .clk_i, .rst_ni, .wr_en_i(push), .wr_data_i(f_in), .full_o(full),
    .rd_en_i(pop), .rd_data_o(f_data), .rd_valid_o(f_valid)
  );

  always @(posedge clk_i) begin
    if (push_dw && !lo_valid_q) lo_q <= dw_data_i;
  end
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      lo_valid_q <= 1'b0;
      pkts_q     <= 8'd0;
    end else begin
      if (push_dw) lo_valid_q <= !lo_valid_q && !dw_last_i;
      pkts_q <= pkts_q + {7'd0, push && dw_last_i} - {7'd0, pop && s_axis_tx_tlast_o};
    end
  end

endmodule
