// The card's PCIe endpoint: pcie_ep_core (the TLP layer, in the PCIe block's
// user clock) joined to the card's host-interface ports (hdl/card_top.v, in
// the card clock) through asynchronous FIFOs, one per port and direction.
//
// The card side keeps the ports' rules (docs in hdl/hif_top.v): a register
// request is one clock of reg_req and waits for reg_ack; a DMA read request
// gets its beats or one error beat; a write burst gets one response. DMA
// reads carry the card's tag; the TLP layer serves them one after another,
// so their answers come back in request order, each with its tag (a small
// FIFO on the card side; the card accepts answers in any order). A soft
// reset of the card (srst_i, CONTROL.RESET) cannot recall what already
// crossed: the answers to requests made before it are counted and dropped
// here, and a write burst cut short is closed with an abort mark so the PCIe
// side discards it (the part already sent stays written, as on any bus).
//
// user_rst_ni and card_rst_ni must come from one source (each synchronised
// to its clock), as the FIFOs require.
`default_nettype none

module pcie_adapter #(
  parameter integer NTAGS    = 8,
  parameter integer TAG_W    = 3,
  parameter integer NVEC     = 9,
  parameter integer CPL_TO_W = 23
) (
  // ---------------------------------------------------------------- PCIe block (user clock)
  input  wire        user_clk_i,
  input  wire        user_rst_ni,
  input  wire        s_axis_tx_tready_i,
  output wire [63:0] s_axis_tx_tdata_o,
  output wire [7:0]  s_axis_tx_tkeep_o,
  output wire        s_axis_tx_tlast_o,
  output wire        s_axis_tx_tvalid_o,
  output wire [3:0]  s_axis_tx_tuser_o,
  input  wire [63:0] m_axis_rx_tdata_i,
  input  wire [7:0]  m_axis_rx_tkeep_i,
  input  wire        m_axis_rx_tlast_i,
  input  wire        m_axis_rx_tvalid_i,
  output wire        m_axis_rx_tready_o,
  input  wire [21:0] m_axis_rx_tuser_i,
  input  wire [7:0]  cfg_bus_number_i,
  input  wire [4:0]  cfg_device_number_i,
  input  wire [2:0]  cfg_function_number_i,
  input  wire [15:0] cfg_command_i,
  input  wire [15:0] cfg_dcommand_i,
  input  wire        cfg_interrupt_msixenable_i,
  input  wire        cfg_interrupt_msixfm_i,
  output wire        stat_cpl_unexpected_o,
  output wire        stat_cpl_timeout_o,
  output wire        stat_ur_o,
  // ---------------------------------------------------------------- the card (card clock)
  input  wire        card_clk_i,
  input  wire        card_rst_ni,
  output reg         reg_req_o,
  output reg         reg_we_o,
  output reg  [12:0] reg_addr_o,
  output reg  [31:0] reg_wdata_o,
  input  wire        reg_ack_i,
  input  wire [31:0] reg_rdata_i,
  input  wire        dmar_req_valid_i,
  output wire        dmar_req_ready_o,
  input  wire [63:0] dmar_req_addr_i,
  input  wire [15:0] dmar_req_len_i,
  input  wire [3:0]  dmar_req_tag_i,
  output wire        dmar_rsp_valid_o,
  input  wire        dmar_rsp_ready_i,
  output wire [63:0] dmar_rsp_data_o,
  output wire        dmar_rsp_last_o,
  output wire        dmar_rsp_err_o,
  output wire [3:0]  dmar_rsp_tag_o,
  input  wire        dmaw_valid_i,
  output wire        dmaw_ready_o,
  input  wire [63:0] dmaw_addr_i,
  input  wire [15:0] dmaw_len_i,
  input  wire [63:0] dmaw_data_i,
  input  wire        dmaw_last_i,
  output wire        dmaw_rsp_valid_o,
  output wire        dmaw_rsp_err_o,
  input  wire [NVEC-1:0] irq_i,
  input  wire        srst_i
);

  // ================================================================ the crossings
  // register requests {we, dw offset, data} and read data
  wire        breq_valid, breq_ready, breq_full, c_breq_valid;
  wire [43:0] breq, c_breq;
  reg         c_breq_pop;
  wire        back_valid, back_ready, c_back_full;
  wire [31:0] back_rdata;
  reg         c_back_push;
  assign breq_ready = !breq_full;
  pcie_async_fifo #(.W(44), .AW(4)) u_breq (
    .w_clk_i(user_clk_i), .w_rst_ni(user_rst_ni), .w_en_i(breq_valid && !breq_full), .w_data_i(breq),
    .w_full_o(breq_full),
    .r_clk_i(card_clk_i), .r_rst_ni(card_rst_ni), .r_en_i(c_breq_pop), .r_data_o(c_breq),
    .r_valid_o(c_breq_valid));
  pcie_async_fifo #(.W(32), .AW(4)) u_back (
    .w_clk_i(card_clk_i), .w_rst_ni(card_rst_ni), .w_en_i(c_back_push), .w_data_i(reg_rdata_i),
    .w_full_o(c_back_full),
    .r_clk_i(user_clk_i), .r_rst_ni(user_rst_ni), .r_en_i(back_valid && back_ready), .r_data_o(back_rdata),
    .r_valid_o(back_valid));

  // DMA read requests {addr, len} and beats {err, last, data}
  wire        rdq_valid, rdq_ready, c_rdq_full;
  wire [79:0] rdq;
  wire        rdr_valid, rdr_last, rdr_err, rdr_full, c_rdr_valid;
  wire [63:0] rdr_data;
  wire [65:0] c_rdr;
  reg         c_rdr_pop;
  pcie_async_fifo #(.W(80), .AW(4)) u_rdq (
    .w_clk_i(card_clk_i), .w_rst_ni(card_rst_ni), .w_en_i(dmar_req_valid_i && dmar_req_ready_o),
    .w_data_i({dmar_req_len_i, dmar_req_addr_i}), .w_full_o(c_rdq_full),
    .r_clk_i(user_clk_i), .r_rst_ni(user_rst_ni), .r_en_i(rdq_valid && rdq_ready), .r_data_o(rdq),
    .r_valid_o(rdq_valid));
  pcie_async_fifo #(.W(66), .AW(4)) u_rdr (
    .w_clk_i(user_clk_i), .w_rst_ni(user_rst_ni), .w_en_i(rdr_valid && !rdr_full),
    .w_data_i({rdr_err, rdr_last, rdr_data}), .w_full_o(rdr_full),
    .r_clk_i(card_clk_i), .r_rst_ni(card_rst_ni), .r_en_i(c_rdr_pop), .r_data_o(c_rdr),
    .r_valid_o(c_rdr_valid));

  // DMA write beats {abort, last, data, len, addr} and responses {err}
  wire         wrq_valid, wrq_ready, c_wrq_full;
  wire [145:0] wrq;
  reg          c_wrq_push;
  reg  [145:0] c_wrq;
  wire         wrr_valid, wrr_err, wrr_full, c_wrr_valid, c_wrr;
  reg          c_wrr_pop;
  pcie_async_fifo #(.W(146), .AW(4)) u_wrq (
    .w_clk_i(card_clk_i), .w_rst_ni(card_rst_ni), .w_en_i(c_wrq_push), .w_data_i(c_wrq),
    .w_full_o(c_wrq_full),
    .r_clk_i(user_clk_i), .r_rst_ni(user_rst_ni), .r_en_i(wrq_valid && wrq_ready), .r_data_o(wrq),
    .r_valid_o(wrq_valid));
  pcie_async_fifo #(.W(1), .AW(4)) u_wrr (
    .w_clk_i(user_clk_i), .w_rst_ni(user_rst_ni), .w_en_i(wrr_valid && !wrr_full), .w_data_i(wrr_err),
    .w_full_o(wrr_full),
    .r_clk_i(card_clk_i), .r_rst_ni(card_rst_ni), .r_en_i(c_wrr_pop), .r_data_o(c_wrr),
    .r_valid_o(c_wrr_valid));

  // interrupt events: the vectors raised since the last push
  wire            c_irq_full, irq_valid;
  wire [NVEC-1:0] irq_vec;
  reg  [NVEC-1:0] c_irq_acc_q;
  wire [NVEC-1:0] c_irq_all  = c_irq_acc_q | irq_i;
  wire            c_irq_push = c_irq_all != {NVEC{1'b0}} && !c_irq_full;
  pcie_async_fifo #(.W(NVEC), .AW(4)) u_irq (
    .w_clk_i(card_clk_i), .w_rst_ni(card_rst_ni), .w_en_i(c_irq_push), .w_data_i(c_irq_all),
    .w_full_o(c_irq_full),
    .r_clk_i(user_clk_i), .r_rst_ni(user_rst_ni), .r_en_i(irq_valid), .r_data_o(irq_vec),
    .r_valid_o(irq_valid));

  // ================================================================ the TLP layer
  pcie_ep_core #(.NTAGS(NTAGS), .TAG_W(TAG_W), .NVEC(NVEC), .CPL_TO_W(CPL_TO_W)) u_core (
    .clk_i(user_clk_i), .rst_ni(user_rst_ni),
    .s_axis_tx_tready_i, .s_axis_tx_tdata_o, .s_axis_tx_tkeep_o, .s_axis_tx_tlast_o,
    .s_axis_tx_tvalid_o, .s_axis_tx_tuser_o,
    .m_axis_rx_tdata_i, .m_axis_rx_tkeep_i, .m_axis_rx_tlast_i, .m_axis_rx_tvalid_i,
    .m_axis_rx_tready_o, .m_axis_rx_tuser_i,
    .cfg_bus_number_i, .cfg_device_number_i, .cfg_function_number_i, .cfg_command_i, .cfg_dcommand_i,
    .cfg_interrupt_msixenable_i, .cfg_interrupt_msixfm_i,
    .breq_valid_o(breq_valid), .breq_ready_i(breq_ready), .breq_o(breq),
    .back_valid_i(back_valid), .back_ready_o(back_ready), .back_rdata_i(back_rdata),
    .rdq_valid_i(rdq_valid), .rdq_ready_o(rdq_ready), .rdq_addr_i(rdq[63:0]), .rdq_len_i(rdq[79:64]),
    .rdr_valid_o(rdr_valid), .rdr_ready_i(!rdr_full), .rdr_data_o(rdr_data), .rdr_last_o(rdr_last),
    .rdr_err_o(rdr_err),
    .wrq_valid_i(wrq_valid), .wrq_ready_o(wrq_ready), .wrq_addr_i(wrq[63:0]), .wrq_len_i(wrq[79:64]),
    .wrq_data_i(wrq[143:80]), .wrq_last_i(wrq[144]), .wrq_abort_i(wrq[145]),
    .wrr_valid_o(wrr_valid), .wrr_ready_i(!wrr_full), .wrr_err_o(wrr_err),
    .irq_i(irq_valid ? irq_vec : {NVEC{1'b0}}),
    .stat_cpl_unexpected_o, .stat_cpl_timeout_o, .stat_ur_o
  );

  // ================================================================ card side
  // register port: one access at a time, in order; a read's data goes back
  reg c_reg_busy_q;
  always @* begin
    c_breq_pop  = c_breq_valid && !c_reg_busy_q && !c_back_full;
    c_back_push = c_reg_busy_q && reg_ack_i && !reg_we_o;
  end
  always @(posedge card_clk_i or negedge card_rst_ni) begin
    if (!card_rst_ni) begin
      c_reg_busy_q <= 1'b0;
      reg_req_o    <= 1'b0;
      reg_we_o     <= 1'b0;
      reg_addr_o   <= 13'd0;
      reg_wdata_o  <= 32'd0;
    end else begin
      reg_req_o <= c_breq_pop;
      if (c_breq_pop) begin
        c_reg_busy_q <= 1'b1;
        reg_we_o     <= c_breq[43];
        reg_addr_o   <= {c_breq[42:32], 2'b00};
        reg_wdata_o  <= c_breq[31:0];
      end else if (reg_ack_i) begin
        c_reg_busy_q <= 1'b0;
      end
    end
  end

  // DMA reads: answers to requests from before a soft reset are dropped
  reg  [3:0] c_rd_out_q, c_rd_drop_q;
  wire       c_rd_end = c_rdr_valid && c_rdr_pop && (c_rdr[64] || c_rdr[65]);
  // the tags of the requests in flight, in request order (at most 15: the
  // counter below)
  reg  [3:0] c_rtag_q [0:15];
  reg  [3:0] c_rtag_wr_q, c_rtag_rd_q;
  assign dmar_rsp_tag_o   = c_rtag_q[c_rtag_rd_q];
  always @(posedge card_clk_i) if (dmar_req_valid_i && dmar_req_ready_o) c_rtag_q[c_rtag_wr_q] <= dmar_req_tag_i;
  always @(posedge card_clk_i or negedge card_rst_ni) begin
    if (!card_rst_ni) begin
      c_rtag_wr_q <= 4'd0;
      c_rtag_rd_q <= 4'd0;
    end else begin
      if (dmar_req_valid_i && dmar_req_ready_o) c_rtag_wr_q <= c_rtag_wr_q + 4'd1;
      if (c_rd_end) c_rtag_rd_q <= c_rtag_rd_q + 4'd1;
    end
  end
  assign dmar_req_ready_o = !c_rdq_full && !srst_i && c_rd_out_q != 4'd15;
  assign dmar_rsp_valid_o = c_rdr_valid && c_rd_drop_q == 4'd0 && !srst_i;
  assign dmar_rsp_data_o  = c_rdr[63:0];
  assign dmar_rsp_last_o  = c_rdr[64];
  assign dmar_rsp_err_o   = c_rdr[65];
  always @* c_rdr_pop = c_rdr_valid && (c_rd_drop_q != 4'd0 || (!srst_i && dmar_rsp_ready_i));
  wire [3:0] c_rd_out_d = c_rd_out_q + {3'd0, dmar_req_valid_i && dmar_req_ready_o} - {3'd0, c_rd_end};
  always @(posedge card_clk_i or negedge card_rst_ni) begin
    if (!card_rst_ni) begin
      c_rd_out_q  <= 4'd0;
      c_rd_drop_q <= 4'd0;
    end else begin
      c_rd_out_q <= c_rd_out_d;
      if (srst_i)                             c_rd_drop_q <= c_rd_out_d;
      else if (c_rd_end && c_rd_drop_q != 0)  c_rd_drop_q <= c_rd_drop_q - 4'd1;
    end
  end

  // DMA writes: a burst cut by a soft reset is closed with an abort mark;
  // responses to bursts begun before the reset are dropped
  reg        c_in_burst_q, c_abort_q;
  reg  [3:0] c_wr_out_q, c_wr_drop_q;
  wire       c_beat = dmaw_valid_i && dmaw_ready_o;
  assign dmaw_ready_o     = !c_wrq_full && !c_abort_q && !srst_i;
  assign dmaw_rsp_valid_o = c_wrr_valid && c_wr_drop_q == 4'd0 && !srst_i;
  assign dmaw_rsp_err_o   = c_wrr;
  always @* begin
    c_wrr_pop  = c_wrr_valid;
    c_wrq_push = c_beat || (c_abort_q && !c_wrq_full);
    c_wrq      = c_abort_q ? {1'b1, 1'b1, 64'd0, 16'd0, 64'd0}
                           : {1'b0, dmaw_last_i, dmaw_data_i, dmaw_len_i, dmaw_addr_i};
  end
  wire [3:0] c_wr_out_d = c_wr_out_q + {3'd0, c_beat && !c_in_burst_q} - {3'd0, c_wrr_valid};
  always @(posedge card_clk_i or negedge card_rst_ni) begin
    if (!card_rst_ni) begin
      c_in_burst_q <= 1'b0;
      c_abort_q    <= 1'b0;
      c_wr_out_q   <= 4'd0;
      c_wr_drop_q  <= 4'd0;
      c_irq_acc_q  <= {NVEC{1'b0}};
    end else begin
      c_wr_out_q <= c_wr_out_d;
      if (c_beat) c_in_burst_q <= !dmaw_last_i;
      if (srst_i && c_in_burst_q) begin
        c_in_burst_q <= 1'b0;
        c_abort_q    <= 1'b1;
      end else if (c_abort_q && !c_wrq_full) begin
        c_abort_q <= 1'b0;
      end
      if (srst_i)                              c_wr_drop_q <= c_wr_out_d;
      else if (c_wrr_valid && c_wr_drop_q != 0) c_wr_drop_q <= c_wr_drop_q - 4'd1;
      c_irq_acc_q <= c_irq_push ? {NVEC{1'b0}} : c_irq_all;
    end
  end

endmodule
