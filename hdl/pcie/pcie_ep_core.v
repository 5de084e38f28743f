// The transaction layer of the card's PCIe endpoint, in the PCIe user clock:
// between the 7-series PCIe block's 64-bit AXI4-Stream TLP interface
// (PG054) and the card's host-interface ports (hdl/card_top.v), which
// pcie_adapter.v carries across to the card clock.
//
//   BAR0 target   MRd/MWr hitting BAR0 become register accesses on the card's
//                 register port (one DW each; a MRd of 1 or 2 DWs is answered
//                 with one CplD); the MSI-X table and PBA (pcie_msix) answer
//                 in this domain.
//   DMA reads     one card request {addr, len <= 4096} at a time, split into
//                 MRds at Max_Read_Request_Size boundaries (so none crosses
//                 4 KiB), up to NTAGS tags outstanding. Completions may come
//                 in any order between tags and split at the Read Completion
//                 Boundary; each is placed by its Byte Count (PCIe 2.1,
//                 2.3.1.1: the bytes left of its request), so neither order
//                 nor split points matter. The card gets its beats once the
//                 whole request is in, so an error (a completion status other
//                 than SC, or a completion timeout) comes before any data,
//                 as the card's port requires.
//   DMA writes    one card burst at a time is collected, then sent as MWrs
//                 split at Max_Payload_Size boundaries (none crosses 4 KiB);
//                 posted, so the card's response follows the last TLP into
//                 the transmit queue.
//   MSI-X         pcie_msix's messages go out as one-DW MWrs.
//
// Everything moves one DW per clock inside (1 GB/s at 250 MHz, above the
// card port's 8 octets per card clock); the transmit queue releases whole
// TLPs only (pcie_tx_pack). Bus Master Enable clear: DMA reads answer an
// error, DMA bursts are dropped with an error, MSI-X messages wait.
`default_nettype none
`include "card_if.vh"

module pcie_ep_core #(
  parameter integer NTAGS    = 8,            // DMA read tags outstanding (2..32)
  parameter integer TAG_W    = 3,            // clog2(NTAGS)
  parameter integer NVEC     = 9,            // MSI-X vectors
  parameter integer CPL_TO_W = 23,           // completion timeout: 2^CPL_TO_W clocks (34 ms at 250 MHz)
  parameter [12:0]  MSIX_TABLE = `CARD_MSIX_TABLE, // BAR0 offsets (bits 8:0 zero); the PBA at MSIX_TABLE + 0x100 (CARD_MSIX_PBA)
  parameter integer TX_AW    = 7
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // PCIe block: transmit
  input  wire        s_axis_tx_tready_i,
  output wire [63:0] s_axis_tx_tdata_o,
  output wire [7:0]  s_axis_tx_tkeep_o,
  output wire        s_axis_tx_tlast_o,
  output wire        s_axis_tx_tvalid_o,
  output wire [3:0]  s_axis_tx_tuser_o,
  // PCIe block: receive
  input  wire [63:0] m_axis_rx_tdata_i,
  input  wire [7:0]  m_axis_rx_tkeep_i,
  input  wire        m_axis_rx_tlast_i,
  input  wire        m_axis_rx_tvalid_i,
  output wire        m_axis_rx_tready_o,
  input  wire [21:0] m_axis_rx_tuser_i,
  // PCIe block: configuration
  input  wire [7:0]  cfg_bus_number_i,
  input  wire [4:0]  cfg_device_number_i,
  input  wire [2:0]  cfg_function_number_i,
  input  wire [15:0] cfg_command_i,         // [2] Bus Master Enable
  input  wire [15:0] cfg_dcommand_i,        // [7:5] Max_Payload_Size, [14:12] Max_Read_Request_Size
  input  wire        cfg_interrupt_msixenable_i,
  input  wire        cfg_interrupt_msixfm_i,
  // card register port: requests {we, dw offset, data}, read data back in order
  output wire        breq_valid_o,
  input  wire        breq_ready_i,
  output wire [43:0] breq_o,
  input  wire        back_valid_i,
  output wire        back_ready_o,
  input  wire [31:0] back_rdata_i,
  // card DMA read port
  input  wire        rdq_valid_i,
  output wire        rdq_ready_o,
  input  wire [63:0] rdq_addr_i,
  input  wire [15:0] rdq_len_i,
  output wire        rdr_valid_o,
  input  wire        rdr_ready_i,
  output wire [63:0] rdr_data_o,
  output wire        rdr_last_o,
  output wire        rdr_err_o,
  // card DMA write port (abort: the card was reset inside the burst)
  input  wire        wrq_valid_i,
  output wire        wrq_ready_o,
  input  wire [63:0] wrq_addr_i,
  input  wire [15:0] wrq_len_i,
  input  wire [63:0] wrq_data_i,
  input  wire        wrq_last_i,
  input  wire        wrq_abort_i,
  output wire        wrr_valid_o,
  input  wire        wrr_ready_i,
  output wire        wrr_err_o,
  // interrupt events, one pulse per event
  input  wire [NVEC-1:0] irq_i,
  // statistics pulses
  output reg         stat_cpl_unexpected_o,  // a completion for no outstanding tag (dropped)
  output reg         stat_cpl_timeout_o,     // a DMA read timed out
  output reg         stat_ur_o               // a request this endpoint could not serve
);

  // ================================================================ configuration
  wire [15:0] my_id  = {cfg_bus_number_i, cfg_device_number_i, cfg_function_number_i};
  wire        bme    = cfg_command_i[2];
  // encodings 0..5 = 128..4096 octets; this endpoint sends at most 512 (the
  // transmit queue holds one such TLP), and never asks for more than 4096
  wire [2:0]  mps_e  = cfg_dcommand_i[7:5] > 3'd2 ? 3'd2 : cfg_dcommand_i[7:5];
  wire [2:0]  mrrs_e = cfg_dcommand_i[14:12] > 3'd5 ? 3'd5 : cfg_dcommand_i[14:12];
  wire [12:0] mps    = 13'd128 << mps_e;
  wire [12:0] mrrs   = 13'd128 << mrrs_e;

  // A chunk of a transfer: from address cur, at most rem octets, up to the
  // next multiple of lim (a power of two <= 4096, so never across 4 KiB).
  // Length in DWs and the first/last DW byte enables (PCIe 2.1, 2.2.5).
  /* verilator lint_off UNUSEDSIGNAL */   // helpers take whole fields and use some of their bits
  function [12:0] chunk_len(input [63:0] cur, input [12:0] rem, input [12:0] lim);
    reg [12:0] room;
    begin
      room = lim - (cur[12:0] & (lim - 13'd1));
      chunk_len = rem < room ? rem : room;
    end
  endfunction
  function [9:0] chunk_dws(input [1:0] off, input [12:0] n);
    reg [13:0] t;
    begin
      t = {12'd0, off} + {1'b0, n} + 14'd3;
      chunk_dws = t[11:2];          // 1..1024; 1024 encodes as 0 in the Length field
    end
  endfunction
  function [7:0] chunk_be(input [1:0] off, input [12:0] n);   // {last BE, first BE}
    reg [13:0] e;
    reg [3:0]  f, l;
    begin
      e = {12'd0, off} + {1'b0, n} - 14'd1;                   // offset of the last byte
      f = 4'hf << off;
      l = 4'hf >> (2'd3 - e[1:0]);
      if (e[13:2] == 12'd0) chunk_be = {4'h0, f & l};          // one DW: last BE is 0
      else                  chunk_be = {l, f};
    end
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */
  // first header DW of a memory request
  function [31:0] mem_dw0(input wr, input addr64, input [9:0] len);
    mem_dw0 = {1'b0, wr, addr64, 5'b00000, 1'b0, 3'd0, 4'd0, 1'b0, 1'b0, 2'b00, 2'b00, len};
  endfunction

  // ================================================================ receive
  wire        dw_valid, dw_sof, dw_eof;
  reg         dw_ready;
  wire [31:0] dw;
  wire [6:0]  dw_bar;

  pcie_rx_dw u_rx (
    .clk_i, .rst_ni,
    .m_axis_rx_tdata_i, .m_axis_rx_tkeep_i, .m_axis_rx_tlast_i, .m_axis_rx_tvalid_i,
    .m_axis_rx_tready_o, .m_axis_rx_tuser_i,
    .dw_valid_o(dw_valid), .dw_ready_i(dw_ready), .dw_data_o(dw), .dw_sof_o(dw_sof),
    .dw_eof_o(dw_eof), .dw_bar_o(dw_bar)
  );

  localparam [2:0] P_H0 = 3'd0, P_H1 = 3'd1, P_H2 = 3'd2, P_H3 = 3'd3,
                   P_WDATA = 3'd4, P_CDATA = 3'd5, P_DROP = 3'd6, P_MRD = 3'd7;
  reg  [2:0]  p_state_q, p_state_d;
  reg  [1:0]  p_fmt_q;
  reg  [4:0]  p_type_q;
  reg  [2:0]  p_tc_q;
  reg  [1:0]  p_attr_q;
  reg  [9:0]  p_len_q;
  reg  [31:0] p_dw1_q, p_dw2_q;
  reg  [10:0] p_off_q;                      // BAR0 DW offset of the next payload DW
  reg  [9:0]  p_cnt_q;                      // payload DWs seen
  reg         p_bar0_q;
  reg  [9:0]  p_cidx_q;                     // read buffer index of the next completion DW
  reg         p_cfree_q;                    // this completion is its request's last

  wire p_is_mem = p_type_q == 5'b00000;
  wire p_is_cpl = p_type_q == 5'b01010;
  wire p_4dw    = p_fmt_q[0];
  wire p_data   = p_fmt_q[1];

  // completion fields (DW1, DW2)
  wire [2:0]  c_status = p_dw1_q[15:13];
  wire [12:0] c_bc     = p_dw1_q[11:0] == 12'd0 ? 13'd4096 : {1'b0, p_dw1_q[11:0]};
  wire [7:0]  c_tag8   = dw[15:8];          // valid in P_H2 of a completion
  wire [TAG_W-1:0] c_tag = dw[TAG_W-1+8:8];
  wire [6:0]  c_la     = dw[6:0];
  wire [12:0] c_bytes  = {p_len_q == 10'd0, p_len_q, 2'b00} - {11'd0, c_la[1:0]};

  // ---------------------------------------------------------------- DMA read state (see below)
  reg  [NTAGS-1:0] tag_busy_q;
  reg  [12:0]      tag_end_q [0:NTAGS-1];   // buffer octet offset where the tag's data ends
  reg              rd_err_q;
  reg [31:0]       rbuf [0:1023];           // 4 KiB read buffer (block RAM)
  wire c_match = c_tag8[7:TAG_W] == {(8-TAG_W){1'b0}} && tag_busy_q[c_tag] &&
                 dw[31:16] == my_id;

  // ---------------------------------------------------------------- BAR0 read target state (see below)
  localparam [2:0] B_IDLE = 3'd0, B_REQ = 3'd1, B_WAIT = 3'd2, B_CPL = 3'd3, B_SENT = 3'd4;
  reg  [2:0]  b_state_q;
  wire        b_free = b_state_q == B_IDLE;

  // MSI-X page: BAR0 offsets MSIX_TABLE .. MSIX_TABLE + 0x1ff
  wire        p_msix  = p_off_q[10:7] == MSIX_TABLE[12:9];
  wire [3:0]  p_be    = p_cnt_q == 10'd0 ? p_dw1_q[3:0] :
                        (p_cnt_q + 10'd1 == p_len_q) ? p_dw1_q[7:4] : 4'hf;
  reg         m_wr_en;
  reg         p_breq_valid;
  reg         p_rd_start;                   // hand the MRd to the BAR0 read target
  reg         p_cwrite;                     // a completion DW into the read buffer
  reg         p_unexpected;
  reg  [TAG_W-1:0] c_tag_q;
  reg  [NTAGS-1:0] p_tag_done;              // tags that end now
  reg         p_cerr;                       // a completion with an error status

  always @* begin
    p_state_d    = p_state_q;
    dw_ready     = 1'b1;
    m_wr_en      = 1'b0;
    p_breq_valid = 1'b0;
    p_rd_start   = 1'b0;
    p_cwrite     = 1'b0;
    p_unexpected = 1'b0;
    p_tag_done   = {NTAGS{1'b0}};
    p_cerr       = 1'b0;
    case (p_state_q)
      // DW0: format, type, length
      P_H0: if (dw_valid) begin
        if (!dw_sof)     p_state_d = P_DROP;       // cannot happen: resynchronise
        else if (dw_eof) p_state_d = P_H0;
        else             p_state_d = P_H1;
      end
      // DW1: requester ID, tag, byte enables / completer ID, status, byte count
      P_H1: if (dw_valid) p_state_d = dw_eof ? P_H0 : P_H2;
      // DW2: address / requester ID, tag, lower address
      P_H2: if (dw_valid) begin
        if (p_is_mem && p_4dw) begin
          p_state_d = dw_eof ? P_H0 : P_H3;
        end else if (p_is_mem) begin
          // a read outside BAR0 is answered Unsupported Request by the target
          if (!p_data)       p_state_d = P_MRD;
          else if (p_bar0_q) p_state_d = P_WDATA;
          else               p_state_d = dw_eof ? P_H0 : P_DROP;
        end else if (p_is_cpl) begin
          // PCIe 2.1, 2.3.2: a completion for no outstanding request is Unexpected
          p_state_d = dw_eof ? P_H0 : P_DROP;
          if (!c_match) begin
            p_unexpected = 1'b1;
          end else if (c_status != 3'd0 || !p_data) begin
            // a status other than Successful ends the request (2.3.1.1)
            p_cerr = 1'b1;
            p_tag_done[c_tag] = 1'b1;
          end else begin
            p_state_d = P_CDATA;
          end
        end else begin
          // messages and anything else for the PCIe block alone
          p_state_d = dw_eof ? P_H0 : P_DROP;
        end
      end
      // DW3 of a 4-DW request header: address[31:2]
      P_H3: if (dw_valid) begin
        if (!p_data)       p_state_d = P_MRD;
        else if (p_bar0_q) p_state_d = P_WDATA;
        else               p_state_d = dw_eof ? P_H0 : P_DROP;
      end
      // the MRd waits for the BAR0 read target (one read at a time)
      P_MRD: begin
        dw_ready = 1'b0;
        if (b_free) begin
          p_rd_start = 1'b1;
          p_state_d  = P_H0;
        end
      end
      // MWr payload, one register write per DW
      P_WDATA: begin
        if (p_cnt_q >= p_len_q && p_len_q != 10'd0) begin
          // beyond the Length field: malformed, the PCIe block should have dropped it
        end else if (p_be == 4'h0) begin
          // no byte enabled: a zero-length write has no effect (2.2.5)
        end else if (p_msix) begin
          m_wr_en = dw_valid;
        end else begin
          // the card's registers are written 32 bits at a time (docs/card-interface.md)
          p_breq_valid = dw_valid && b_free;         // behind a BAR0 read in flight
          dw_ready     = breq_ready_i && b_free;
        end
        if (dw_valid && dw_ready && dw_eof) p_state_d = P_H0;
      end
      // CplD payload into the read buffer
      P_CDATA: begin
        p_cwrite = dw_valid;
        if (dw_valid && dw_eof) begin
          p_state_d = P_H0;
          if (p_cfree_q) p_tag_done[c_tag_q] = 1'b1;
        end
      end
      // the rest of a TLP that is not ours
      P_DROP: if (dw_valid && dw_eof) p_state_d = P_H0;
      default: p_state_d = P_H0;
    endcase
  end

  wire [13:0] c_start = {1'b0, tag_end_q[c_tag]} - {1'b0, c_bc};     // octet offset of this completion's first byte

  always @(posedge clk_i) begin
    if (dw_valid && dw_ready) begin
      case (p_state_q)
        P_H0: begin
          p_fmt_q  <= dw[30:29];
          p_type_q <= dw[28:24];
          p_tc_q   <= dw[22:20];
          p_attr_q <= dw[13:12];
          p_len_q  <= dw[9:0];
          p_bar0_q <= dw_bar[0];
          p_cnt_q  <= 10'd0;
        end
        P_H1: p_dw1_q <= dw;
        P_H2: begin
          p_dw2_q  <= dw;
          p_off_q  <= dw[12:2];
          c_tag_q  <= c_tag;
          p_cidx_q <= c_start[11:2];
          p_cfree_q <= c_bc <= c_bytes;
        end
        P_H3: p_off_q <= dw[12:2];
        P_WDATA: begin
          p_off_q <= p_off_q + 11'd1;
          p_cnt_q <= p_cnt_q + 10'd1;
        end
        P_CDATA: p_cidx_q <= p_cidx_q + 10'd1;
        default: ;
      endcase
    end
    if (p_cwrite) rbuf[p_cidx_q] <= dw;
  end
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      p_state_q <= P_H0;
      stat_cpl_unexpected_o <= 1'b0;
    end else begin
      p_state_q <= p_state_d;
      stat_cpl_unexpected_o <= p_unexpected && dw_valid;
    end
  end

  // ================================================================ MSI-X
  wire [31:0] m_rdata;
  reg  [6:0]  m_rd_off;
  wire        m_send_valid;
  reg         m_send_ready;
  wire [63:0] m_send_addr;
  wire [31:0] m_send_data;

  pcie_msix #(.N(NVEC)) u_msix (
    .clk_i, .rst_ni,
    .wr_en_i(m_wr_en), .wr_off_i(p_off_q[6:0]), .wr_be_i(p_be), .wr_data_i(dw),
    .rd_off_i(m_rd_off), .rd_data_o(m_rdata),
    .msix_en_i(cfg_interrupt_msixenable_i), .msix_fm_i(cfg_interrupt_msixfm_i),
    .event_i(irq_i),
    .send_valid_o(m_send_valid), .send_ready_i(m_send_ready),
    .send_addr_o(m_send_addr), .send_data_o(m_send_data)
  );

  // ================================================================ BAR0 read target
  // One MRd at a time: 1 or 2 DWs (a 32- or 64-bit load); longer reads are
  // answered Completer Abort. The completion's Byte Count and Lower Address
  // follow from the byte enables (PCIe 2.1, 2.3.1.1 and Table 2-21).
  reg  [2:0]  b_state_d;
  reg  [15:0] b_rid_q;
  reg  [7:0]  b_tag_q;
  reg  [2:0]  b_tc_q, b_status_q;
  reg  [1:0]  b_attr_q, b_n_q, b_sent_q, b_got_q;
  reg  [10:0] b_off_q;
  reg  [11:0] b_bc_q;
  reg  [6:0]  b_la_q;
  reg         b_msix_q;
  reg  [31:0] b_data_q [0:1];
  reg         b_cpl_req, b_cpl_take;
  reg         b_breq_valid;

  /* verilator lint_off UNUSEDSIGNAL */   // only the bits that decide the count
  function [1:0] lead0(input [3:0] be);      // disabled bytes before the first enabled one
    lead0 = be[0] ? 2'd0 : be[1] ? 2'd1 : be[2] ? 2'd2 : 2'd3;
  endfunction
  function [1:0] trail0(input [3:0] be);     // disabled bytes after the last enabled one
    trail0 = be[3] ? 2'd0 : be[2] ? 2'd1 : be[1] ? 2'd2 : 2'd3;
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */
  wire [3:0]  r_fbe = p_dw1_q[3:0];
  wire [3:0]  r_lbe = p_dw1_q[7:4];
  wire [11:0] r_bc  = p_len_q == 10'd1 ?
                        (r_fbe == 4'h0 ? 12'd1 : 12'd4 - {10'd0, lead0(r_fbe)} - {10'd0, trail0(r_fbe)}) :
                        {p_len_q, 2'b00} - {10'd0, lead0(r_fbe)} - {10'd0, trail0(r_lbe)};
  wire        r_ok  = p_len_q == 10'd1 || p_len_q == 10'd2;

  always @* begin
    b_state_d    = b_state_q;
    b_cpl_req    = 1'b0;
    b_breq_valid = 1'b0;
    m_rd_off     = b_off_q[6:0] + {5'd0, b_sent_q};
    case (b_state_q)
      // waiting for a MRd
      B_IDLE: if (p_rd_start) b_state_d = r_ok && p_bar0_q ? B_REQ : B_CPL;
      // ask the card (or the MSI-X table) for each DW
      B_REQ: begin
        b_breq_valid = !b_msix_q;
        if (b_msix_q || breq_ready_i) begin
          if (b_sent_q + 2'd1 == b_n_q) b_state_d = B_WAIT;
        end
      end
      // the card's answers, in order
      B_WAIT: if (b_got_q == b_n_q) b_state_d = B_CPL;
      // the completion goes out
      B_CPL: begin
        b_cpl_req = 1'b1;
        if (b_cpl_take) b_state_d = B_SENT;
      end
      B_SENT: b_state_d = B_IDLE;
      default: b_state_d = B_IDLE;
    endcase
  end
  assign back_ready_o = b_state_q == B_REQ || b_state_q == B_WAIT;

  always @(posedge clk_i) begin
    if (b_state_q == B_IDLE && p_rd_start) begin
      b_rid_q    <= p_dw1_q[31:16];
      b_tag_q    <= p_dw1_q[15:8];
      b_tc_q     <= p_tc_q;
      b_attr_q   <= p_attr_q;
      b_n_q      <= p_len_q[1:0];
      b_off_q    <= p_off_q;
      b_msix_q   <= p_msix;
      b_bc_q     <= r_ok ? r_bc : 12'd0;
      b_la_q     <= {p_off_q[4:0], p_len_q == 10'd1 && r_fbe == 4'h0 ? 2'd0 : lead0(r_fbe)};
      b_status_q <= !p_bar0_q ? 3'b001 : r_ok ? 3'b000 : 3'b100;  // UR, SC or CA
      b_sent_q   <= 2'd0;
      b_got_q    <= 2'd0;
    end
    if (b_state_q == B_REQ && (b_msix_q || breq_ready_i)) begin
      b_sent_q <= b_sent_q + 2'd1;
      if (b_msix_q) begin
        b_data_q[b_sent_q[0]] <= m_rdata;
        b_got_q <= b_got_q + 2'd1;
      end
    end
    if (back_valid_i && back_ready_o) begin
      b_data_q[b_got_q[0]] <= back_rdata_i;
      b_got_q <= b_got_q + 2'd1;
    end
  end
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      b_state_q <= B_IDLE;
      stat_ur_o <= 1'b0;
    end else begin
      b_state_q <= b_state_d;
      stat_ur_o <= b_state_q == B_SENT && b_status_q != 3'd0;
    end
  end

  // the card's register port: the target's reads, or MWr payload (writes)
  assign breq_valid_o = b_breq_valid || p_breq_valid;
  assign breq_o = b_breq_valid ? {1'b0, b_off_q + {9'd0, b_sent_q}, 32'd0} : {1'b1, p_off_q, dw};

  // ================================================================ DMA reads
  localparam [1:0] R_IDLE = 2'd0, R_ISSUE = 2'd1, R_OUT = 2'd2, R_ERR = 2'd3;
  reg  [1:0]  r_state_q;
  reg  [63:0] r_cur_q;                      // next octet to request
  reg  [12:0] r_rem_q;                      // octets not yet requested
  reg  [12:0] r_len_q;                      // the card's request
  reg  [1:0]  r_off_q;                      // its address mod 4
  reg  [12:0] r_pos_q;                      // buffer octet offset of r_cur_q
  reg  [CPL_TO_W-1:0] r_timer_q;
  reg         r_take;                       // the transmitter takes the MRd

  wire [12:0] r_chunk = chunk_len(r_cur_q, r_rem_q, mrrs);
  wire [9:0]  r_ndw   = chunk_dws(r_cur_q[1:0], r_chunk);
  wire [7:0]  r_be    = chunk_be(r_cur_q[1:0], r_chunk);
  reg  [TAG_W-1:0] r_tag;
  reg              r_tag_ok;
  integer     t;
  always @* begin
    r_tag_ok = 1'b0;
    r_tag    = {TAG_W{1'b0}};
    for (t = NTAGS - 1; t >= 0; t = t - 1)
      if (!tag_busy_q[t]) begin
        r_tag_ok = 1'b1;
        r_tag    = t[TAG_W-1:0];
      end
  end
  wire r_req = r_state_q == R_ISSUE && r_rem_q != 13'd0 && r_tag_ok && !rd_err_q;
  wire r_timeout = &r_timer_q;
  wire [16:0] r_need = {1'b0, rdq_len_i} + {15'd0, rdq_addr_i[1:0]};
  wire r_bad  = rdq_len_i == 16'd0 || r_need > 17'd4096 || !bme;

  // output: the buffer read one DW per clock (held when not taken), realigned
  // by the address mod 4, packed into 8-octet beats, bytes past len zeroed
  reg  [10:0] o_ra_q, o_nrd_q;
  reg         o_dv_q, o_carry_v_q, o_lo_v_q, o_beat_v_q, o_last_q;
  reg  [31:0] o_dout_q, o_carry_q, o_lo_q;
  reg  [63:0] o_beat_q;
  reg  [12:0] o_left_q;                     // octets of the request not yet in a beat
  wire [63:0] o_cat   = {o_dout_q, o_carry_q};
  wire [31:0] o_dw    = r_off_q == 2'd0 ? o_dout_q : o_cat[{1'b0, r_off_q, 3'b000} +: 32];
  wire        o_slot  = !o_beat_v_q || rdr_ready_i;
  wire        o_skip  = r_off_q != 2'd0 && !o_carry_v_q;     // the first DW only fills the carry
  wire        o_take  = o_dv_q && (o_skip || !o_lo_v_q || o_slot);
  wire        o_re    = r_state_q == R_OUT && o_nrd_q != 11'd0 && (!o_dv_q || o_take);
  wire [63:0] o_full  = {o_dw, o_lo_q};
  reg  [63:0] o_masked;
  integer     k;
  always @* begin
    for (k = 0; k < 8; k = k + 1)
      o_masked[8*k +: 8] = (o_left_q > k[12:0]) ? o_full[8*k +: 8] : 8'd0;
  end

  assign rdq_ready_o = r_state_q == R_IDLE;
  assign rdr_valid_o = (r_state_q == R_OUT && o_beat_v_q) || r_state_q == R_ERR;
  assign rdr_data_o  = r_state_q == R_ERR ? 64'd0 : o_beat_q;
  assign rdr_last_o  = r_state_q == R_ERR || o_last_q;
  assign rdr_err_o   = r_state_q == R_ERR;

  always @(posedge clk_i) begin
    if (r_state_q == R_IDLE && rdq_valid_i) begin
      r_cur_q <= rdq_addr_i;
      r_rem_q <= rdq_len_i[12:0];
      r_len_q <= rdq_len_i[12:0];
      r_off_q <= rdq_addr_i[1:0];
      r_pos_q <= {11'd0, rdq_addr_i[1:0]};
    end
    if (r_take) begin
      r_cur_q <= r_cur_q + {51'd0, r_chunk};
      r_rem_q <= r_rem_q - r_chunk;
      r_pos_q <= r_pos_q + r_chunk;
      tag_end_q[r_tag] <= r_pos_q + r_chunk;
    end
    if (o_re) o_dout_q <= rbuf[o_ra_q[9:0]];
    if (o_take) begin
      o_carry_q <= o_dout_q;
      if (!o_skip && !o_lo_v_q) o_lo_q <= o_dw;
      if (!o_skip && o_lo_v_q) begin
        o_beat_q <= o_masked;
        o_last_q <= o_left_q <= 13'd8;
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      r_state_q  <= R_IDLE;
      tag_busy_q <= {NTAGS{1'b0}};
      rd_err_q   <= 1'b0;
      r_timer_q  <= {CPL_TO_W{1'b0}};
      o_dv_q <= 1'b0; o_carry_v_q <= 1'b0; o_lo_v_q <= 1'b0; o_beat_v_q <= 1'b0;
      o_ra_q <= 11'd0; o_nrd_q <= 11'd0; o_left_q <= 13'd0;
      stat_cpl_timeout_o <= 1'b0;
    end else begin
      stat_cpl_timeout_o <= 1'b0;
      tag_busy_q <= (tag_busy_q & ~p_tag_done) |
                    (r_take ? ({{(NTAGS-1){1'b0}}, 1'b1} << r_tag) : {NTAGS{1'b0}});
      if (p_cerr) rd_err_q <= 1'b1;
      // completion timeout (PCIe 2.1, 2.8): any progress restarts it
      if (tag_busy_q == {NTAGS{1'b0}} || p_cwrite || p_cerr) r_timer_q <= {CPL_TO_W{1'b0}};
      else r_timer_q <= r_timer_q + {{(CPL_TO_W-1){1'b0}}, 1'b1};
      case (r_state_q)
        // a request from the card
        R_IDLE: if (rdq_valid_i) begin
          rd_err_q  <= r_bad;
          r_state_q <= R_ISSUE;
        end
        // MRds out, completions in
        R_ISSUE: begin
          if (r_timeout) begin
            // late completions for these tags will be Unexpected
            tag_busy_q <= {NTAGS{1'b0}};
            rd_err_q   <= 1'b1;
            stat_cpl_timeout_o <= 1'b1;
          end else if ((r_rem_q == 13'd0 || rd_err_q) && tag_busy_q == {NTAGS{1'b0}} && !r_take) begin
            r_state_q   <= rd_err_q ? R_ERR : R_OUT;
            o_ra_q      <= 11'd0;
            // 2 DWs per beat, one more when the first only fills the carry
            o_nrd_q     <= {r_len_q[12:3] + {9'd0, r_len_q[2:0] != 3'd0}, 1'b0} + {10'd0, r_off_q != 2'd0};
            o_left_q    <= r_len_q;
            o_carry_v_q <= 1'b0;
            o_lo_v_q    <= 1'b0;
          end
        end
        // beats to the card
        R_OUT: begin
          if (o_re) begin
            o_ra_q  <= o_ra_q + 11'd1;
            o_nrd_q <= o_nrd_q - 11'd1;
          end
          if (o_re) o_dv_q <= 1'b1;
          else if (o_take) o_dv_q <= 1'b0;
          if (o_take) begin
            o_carry_v_q <= 1'b1;
            if (!o_skip) o_lo_v_q <= !o_lo_v_q;
          end
          if (o_take && !o_skip && o_lo_v_q) begin
            o_beat_v_q <= 1'b1;
            o_left_q   <= o_left_q > 13'd8 ? o_left_q - 13'd8 : 13'd0;
          end else if (rdr_ready_i) begin
            o_beat_v_q <= 1'b0;
          end
          if (o_beat_v_q && rdr_ready_i && o_last_q) begin
            r_state_q <= R_IDLE;
            o_dv_q    <= 1'b0;
          end
        end
        // one error beat
        R_ERR: if (rdr_ready_i) r_state_q <= R_IDLE;
        default: r_state_q <= R_IDLE;
      endcase
    end
  end

  // ================================================================ DMA writes
  localparam [2:0] W_IDLE = 3'd0, W_COLLECT = 3'd1, W_FLUSH = 3'd2, W_SEND = 3'd3,
                   W_WAIT = 3'd4, W_RSP = 3'd5, W_DRAIN = 3'd6;
  reg  [2:0]  w_state_q;
  reg  [63:0] w_addr_q, w_cur_q;
  reg  [12:0] w_rem_q;
  reg  [1:0]  w_off_q;
  reg  [10:0] w_in_q;                       // DWs of the burst not yet stored
  reg  [9:0]  w_idx_q;                      // buffer DW being written
  reg  [12:0] w_pos_q;                      // buffer octet offset of w_cur_q
  reg         w_half_q, w_err_q, w_flush_q;
  reg  [31:0] w_carry_q;
  reg  [31:0] wbuf [0:1023];                // 4 KiB write buffer (block RAM)
  reg         w_take;                       // the transmitter takes the MWr
  wire        t_mwr_busy;

  wire [31:0] w_in    = w_half_q ? wrq_data_i[63:32] : wrq_data_i[31:0];
  wire [63:0] w_cat   = {w_in, w_carry_q};
  wire [31:0] w_dw    = w_off_q == 2'd0 ? w_in : w_cat[{3'd4 - {1'b0, w_off_q}, 3'b000} +: 32];
  wire [63:0] w_catf  = {32'd0, w_carry_q};
  wire [31:0] w_dwf   = w_catf[{3'd4 - {1'b0, w_off_q}, 3'b000} +: 32];
  wire        w_pop_c = w_state_q == W_COLLECT && wrq_valid_i && !wrq_abort_i &&
                        (w_half_q || w_in_q == 11'd1);
  wire        w_pop_d = (w_state_q == W_COLLECT && wrq_valid_i && wrq_abort_i) ||
                        (w_state_q == W_DRAIN && wrq_valid_i);
  wire [16:0] w_need  = {1'b0, wrq_len_i} + {15'd0, wrq_addr_i[1:0]};
  wire [12:0] w_chunk = chunk_len(w_cur_q, w_rem_q, mps);
  wire [9:0]  w_ndw   = chunk_dws(w_cur_q[1:0], w_chunk);
  wire [7:0]  w_be    = chunk_be(w_cur_q[1:0], w_chunk);
  wire        w_req   = w_state_q == W_SEND && w_rem_q != 13'd0;
  wire        w_store = (w_state_q == W_COLLECT && wrq_valid_i && !wrq_abort_i) || w_state_q == W_FLUSH;

  assign wrq_ready_o = w_pop_c || w_pop_d;
  assign wrr_valid_o = w_state_q == W_RSP;
  assign wrr_err_o   = w_err_q;

  always @(posedge clk_i) begin
    if (w_store) wbuf[w_idx_q] <= w_state_q == W_FLUSH ? w_dwf : w_dw;
    if (w_state_q == W_IDLE && wrq_valid_i) begin
      w_addr_q <= wrq_addr_i;
      w_cur_q  <= wrq_addr_i;
      w_rem_q  <= wrq_len_i[12:0];
      w_off_q  <= wrq_addr_i[1:0];
      w_pos_q  <= {11'd0, wrq_addr_i[1:0]};
      w_in_q   <= wrq_len_i[12:2] + {10'd0, wrq_len_i[1:0] != 2'd0};
      // one more buffer DW than burst DWs when the realigned data spills over
      w_flush_q <= (w_need[13:2] + {11'd0, w_need[1:0] != 2'd0}) != ({1'b0, wrq_len_i[12:2]} + {11'd0, wrq_len_i[1:0] != 2'd0});
      w_idx_q  <= 10'd0;
      w_half_q <= 1'b0;
      w_carry_q <= 32'd0;
    end
    if (w_store && w_state_q == W_COLLECT) begin
      w_idx_q   <= w_idx_q + 10'd1;
      w_in_q    <= w_in_q - 11'd1;
      w_carry_q <= w_in;
      w_half_q  <= !w_half_q;
    end
    if (w_take) begin
      w_cur_q <= w_cur_q + {51'd0, w_chunk};
      w_rem_q <= w_rem_q - w_chunk;
      w_pos_q <= w_pos_q + w_chunk;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_state_q <= W_IDLE;
      w_err_q   <= 1'b0;
    end else begin
      case (w_state_q)
        // the first beat of a burst (not taken here)
        W_IDLE: if (wrq_valid_i) begin
          w_err_q <= 1'b0;
          if (wrq_abort_i || wrq_len_i == 16'd0 || w_need > 17'd4096 || !bme) begin
            w_err_q   <= 1'b1;
            w_state_q <= W_DRAIN;
          end else begin
            w_state_q <= W_COLLECT;
          end
        end
        // the burst into the buffer, realigned to DWs of host memory
        W_COLLECT: if (wrq_valid_i) begin
          if (wrq_abort_i) begin
            w_err_q   <= 1'b1;
            w_state_q <= W_RSP;
          end else if (w_in_q == 11'd1) begin
            w_state_q <= w_flush_q ? W_FLUSH : W_SEND;
          end
        end
        W_FLUSH: w_state_q <= W_SEND;
        // MWrs out
        W_SEND: if (w_rem_q == 13'd0) w_state_q <= W_WAIT;
        // the last payload leaves the buffer before the card may reuse it
        W_WAIT: if (!t_mwr_busy) w_state_q <= W_RSP;
        W_RSP: if (wrr_ready_i) w_state_q <= W_IDLE;
        // a burst we cannot send: consume it, answer an error
        W_DRAIN: if (wrq_valid_i && (wrq_last_i || wrq_abort_i)) w_state_q <= W_RSP;
        default: w_state_q <= W_IDLE;
      endcase
    end
  end

  // ================================================================ transmit
  // One TLP at a time, one DW per clock, into pcie_tx_pack. Completions
  // first (a completer must never wait behind its own requests), then
  // MSI-X, DMA writes, DMA reads.
  localparam [1:0] S_CPL = 2'd0, S_MSIX = 2'd1, S_MWR = 2'd2, S_MRD = 2'd3;
  localparam [1:0] T_IDLE = 2'd0, T_HDR = 2'd1, T_PAY = 2'd2;
  reg  [1:0]  t_state_q, t_src_q, t_h_q, t_nh_q;
  reg  [31:0] t_hdr_q [0:3];
  reg  [31:0] t_pay_q [0:1];
  reg  [10:0] t_np_q;                       // payload DWs left
  reg  [9:0]  t_ra_q;
  reg  [10:0] t_nrd_q;
  reg         t_dv_q;
  reg  [31:0] t_dout_q;
  reg         t_valid, t_last;
  reg  [31:0] t_data;
  wire        t_ready;

  wire        t_go_cpl  = b_cpl_req;
  wire        t_go_msix = m_send_valid && bme;
  wire        t_go_mwr  = w_req;
  wire        t_go_mrd  = r_req && bme;
  wire        t_start   = t_state_q == T_IDLE && (t_go_cpl || t_go_msix || t_go_mwr || t_go_mrd);
  wire        t_pay_take = t_state_q == T_PAY && t_src_q == S_MWR && t_dv_q && t_ready;
  wire        t_re      = t_nrd_q != 11'd0 && (!t_dv_q || t_pay_take);
  assign t_mwr_busy = t_state_q != T_IDLE && t_src_q == S_MWR;

  always @* begin
    b_cpl_take   = t_start && t_go_cpl;
    m_send_ready = t_start && !t_go_cpl && t_go_msix;
    w_take       = t_start && !t_go_cpl && !t_go_msix && t_go_mwr;
    r_take       = t_start && !t_go_cpl && !t_go_msix && !t_go_mwr;
    t_valid = 1'b0;
    t_last  = 1'b0;
    t_data  = t_hdr_q[t_h_q];
    case (t_state_q)
      T_HDR: begin
        t_valid = 1'b1;
        t_last  = t_h_q == t_nh_q && t_np_q == 11'd0;
      end
      T_PAY: begin
        t_valid = t_src_q != S_MWR || t_dv_q;
        t_last  = t_np_q == 11'd1;
        t_data  = t_src_q == S_MWR ? t_dout_q : t_pay_q[t_np_q == 11'd1 && b_n_q == 2'd2];
      end
      default: ;
    endcase
  end

  always @(posedge clk_i) begin
    if (t_start) begin
      t_h_q <= 2'd0;
      if (t_go_cpl) begin
        t_src_q <= S_CPL;
        t_nh_q  <= 2'd2;
        t_hdr_q[0] <= {1'b0, b_status_q == 3'd0, 1'b0, 5'b01010, 1'b0, b_tc_q, 4'd0, 1'b0, 1'b0,
                       b_attr_q, 2'b00, b_status_q == 3'd0 ? {8'd0, b_n_q} : 10'd0};
        t_hdr_q[1] <= {my_id, b_status_q, 1'b0, b_bc_q};
        t_hdr_q[2] <= {b_rid_q, b_tag_q, 1'b0, b_la_q};
        t_pay_q[0] <= b_data_q[0];
        t_pay_q[1] <= b_data_q[1];
      end else if (t_go_msix) begin
        t_src_q <= S_MSIX;
        t_nh_q  <= m_send_addr[63:32] != 32'd0 ? 2'd3 : 2'd2;
        t_hdr_q[0] <= mem_dw0(1'b1, m_send_addr[63:32] != 32'd0, 10'd1);
        t_hdr_q[1] <= {my_id, 8'd0, 4'h0, 4'hf};
        t_hdr_q[2] <= m_send_addr[63:32] != 32'd0 ? m_send_addr[63:32] : {m_send_addr[31:2], 2'b00};
        t_hdr_q[3] <= {m_send_addr[31:2], 2'b00};
        t_pay_q[0] <= m_send_data;
        t_pay_q[1] <= m_send_data;
      end else if (t_go_mwr) begin
        t_src_q <= S_MWR;
        t_nh_q  <= w_cur_q[63:32] != 32'd0 ? 2'd3 : 2'd2;
        t_hdr_q[0] <= mem_dw0(1'b1, w_cur_q[63:32] != 32'd0, w_ndw);
        t_hdr_q[1] <= {my_id, 8'd0, w_be};
        t_hdr_q[2] <= w_cur_q[63:32] != 32'd0 ? w_cur_q[63:32] : {w_cur_q[31:2], 2'b00};
        t_hdr_q[3] <= {w_cur_q[31:2], 2'b00};
      end else begin
        t_src_q <= S_MRD;
        t_nh_q  <= r_cur_q[63:32] != 32'd0 ? 2'd3 : 2'd2;
        t_hdr_q[0] <= mem_dw0(1'b0, r_cur_q[63:32] != 32'd0, r_ndw);
        t_hdr_q[1] <= {my_id, {(8-TAG_W){1'b0}}, r_tag, r_be};
        t_hdr_q[2] <= r_cur_q[63:32] != 32'd0 ? r_cur_q[63:32] : {r_cur_q[31:2], 2'b00};
        t_hdr_q[3] <= {r_cur_q[31:2], 2'b00};
      end
    end
    if (t_valid && t_ready && t_state_q == T_HDR) t_h_q <= t_h_q + 2'd1;
    if (t_re) t_dout_q <= wbuf[t_ra_q];
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      t_state_q <= T_IDLE;
      t_np_q    <= 11'd0;
      t_nrd_q   <= 11'd0;
      t_ra_q    <= 10'd0;
      t_dv_q    <= 1'b0;
    end else begin
      if (w_take) begin
        // start fetching the payload with the header
        t_ra_q  <= w_pos_q[11:2];
        t_nrd_q <= {w_ndw == 10'd0, w_ndw};
      end else if (t_re) begin
        t_ra_q  <= t_ra_q + 10'd1;
        t_nrd_q <= t_nrd_q - 11'd1;
      end
      if (t_re) t_dv_q <= 1'b1;
      else if (t_pay_take) t_dv_q <= 1'b0;
      case (t_state_q)
        T_IDLE: if (t_start) begin
          t_state_q <= T_HDR;
          t_np_q    <= t_go_cpl  ? (b_status_q == 3'd0 ? {9'd0, b_n_q} : 11'd0) :
                       t_go_msix ? 11'd1 :
                       t_go_mwr  ? {w_ndw == 10'd0, w_ndw} : 11'd0;
        end
        T_HDR: if (t_ready && t_h_q == t_nh_q) t_state_q <= t_np_q == 11'd0 ? T_IDLE : T_PAY;
        T_PAY: if (t_valid && t_ready) begin
          t_np_q <= t_np_q - 11'd1;
          if (t_np_q == 11'd1) t_state_q <= T_IDLE;
        end
        default: t_state_q <= T_IDLE;
      endcase
    end
  end

  pcie_tx_pack #(.AW(TX_AW)) u_tx (
    .clk_i, .rst_ni,
    .dw_valid_i(t_valid), .dw_ready_o(t_ready), .dw_data_i(t_data), .dw_last_i(t_last),
    .s_axis_tx_tready_i, .s_axis_tx_tdata_o, .s_axis_tx_tkeep_o, .s_axis_tx_tlast_o,
    .s_axis_tx_tvalid_o, .s_axis_tx_tuser_o
  );

  wire unused = ^{p_dw2_q, c_tag8[TAG_W-1:0], c_la[6:2], c_start[13:12], c_start[1:0], m_send_addr[1:0], w_addr_q, cfg_dcommand_i[15], cfg_dcommand_i[11:8], cfg_dcommand_i[4:0],
                  cfg_command_i[15:3], cfg_command_i[1:0], dw_bar[6:1]};

endmodule
