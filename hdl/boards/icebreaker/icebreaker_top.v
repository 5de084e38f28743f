// The card on an iCEBreaker (iCE40 UP5K, no host): the management core
// (mgmt_top with HOST_IF = 0: CPU, golden IMEM holding the firmware built
// into the bitstream, DMEM, SYS/TIMER, the context and self-test ports, a
// UART) and one MPPE engine (mppe_top) whose streams only the core uses. At
// power-on the firmware (firmware/board_main.c) runs the card's self-test
// through the engine and prints the result on the UART (115200 8N1 to the
// board's FTDI bridge); the green LED says passed, the red one failed.
// Pins: icebreaker.pcf. Build, simulation, what ran where: docs/hardware.md.
`default_nettype none

module icebreaker_top #(
  parameter        FW_HEX    = "",       // $readmemh image of the board firmware
  parameter integer NUM_FLOWS = 4,
  parameter integer CTX_BANKS = 1,       // mppe_top's context RAM banks: one engine, one bank
  parameter integer IN_FIFO_AW  = 1,     // mppe_top's engine FIFOs (log2 beats): input in logic,
  parameter integer OUT_FIFO_AW = 8,     // output holding the largest result (2050 octets)
  parameter integer IMEM_AW   = 10,      // 4 KiB of firmware
  parameter integer DMEM_AW   = 10,      // 4 KiB of data and stack
  parameter integer UART_DIV  = 104,     // 12 MHz / 115200 baud
  parameter integer REGFILE_BRAM = 1,    // the core's registers in block RAM (mgmt_cpu)
  parameter integer IMEM_1PORT = 1,      // the core's data reads share the golden IMEM's fetch port
  parameter integer DMEM_SPRAM = 1,      // DMEM in two of the UP5K's SB_SPRAM256KA (mgmt_spram.v)
  parameter integer SMALL     = 1,       // the engine's area variant (mppe_engine.v)
  parameter integer POR_BITS  = 10       // reset held 2^POR_BITS clocks after configuration
) (
  input  wire CLK,         // 12 MHz oscillator
  input  wire BTN_N,       // user button, low when pressed: resets the card
  input  wire RX,          // FTDI UART into the FPGA (unused: the board only reports)
  output wire TX,          // FTDI UART out of the FPGA
  output wire LEDR_N,      // red: self-test failed or fatal (low = on)
  output wire LEDG_N       // green: self-test passed
);

  // ---------------------------------------------------------------- reset
  // No reset pin: the iCE40 starts with every flip-flop at 0 after
  // configuration, so a counter from 0 holds the card in reset for a while
  // (the oscillator settles, the button input is synchronised). The button
  // restarts it.
  reg [1:0]        btn_q = 2'b00;
  reg [POR_BITS:0] por_q = {(POR_BITS + 1){1'b0}};
  reg              rst_n = 1'b0;     // the card's asynchronous reset, released on a clock edge
  always @(posedge CLK) begin
    btn_q <= {btn_q[0], BTN_N};
    if (!btn_q[1]) por_q <= {(POR_BITS + 1){1'b0}};
    else if (!por_q[POR_BITS]) por_q <= por_q + 1'b1;
    rst_n <= por_q[POR_BITS];
  end

  // ---------------------------------------------------------------- engine side
  wire         eng_ready;
  wire         ctx_req_valid, ctx_req_ready, ctx_req_dir, ctx_req_stateful, ctx_req_accept_pfc;
  wire [1:0]   ctx_req_cmd;
  wire [15:0]  ctx_req_flow, ctx_req_max_rekeys;
  wire [7:0]   ctx_req_key_bits;
  wire [127:0] ctx_req_start_key;
  wire [11:0]  ctx_req_first_ccount;
  wire         ctx_rsp_valid, ctx_rsp_ready;
  wire [3:0]   ctx_rsp_status;
  wire [63:0]  ctx_rsp_packets, ctx_rsp_bytes, ctx_rsp_key_changes;
  wire [31:0]  ctx_rsp_ccp_resets, ctx_rsp_rx_dropped, ctx_rsp_rx_out_of_order, ctx_rsp_rx_missed;
  wire [31:0]  ctx_rsp_rx_rekey_limited, ctx_rsp_rx_implausible, ctx_rsp_sanity_errors;
  wire [31:0]  ctx_rsp_sanity_score;
  wire [11:0]  ctx_rsp_next_ccount;
  wire         ctx_rsp_discarding, ctx_rsp_stateful, ctx_rsp_dir;
  wire [7:0]   ctx_rsp_key_bits;
  wire         st_in_valid, st_in_ready, st_in_last, st_out_valid, st_out_ready, st_out_last;
  wire [15:0]  st_in_tag, st_in_flow, st_in_len, st_out_tag, st_out_len;
  wire [3:0]   st_in_op, st_out_status;
  wire [63:0]  st_in_data, st_out_data;
  wire [7:0]   st_out_flags;
  wire [11:0]  st_out_ccount;

  wire card_ready, card_selftest_failed, card_fatal;

  // Waived: the host side of mgmt_top, its simulation hooks and the
  // engine's outputs for a host interface have nothing to drive here.
  /* verilator lint_off UNUSEDSIGNAL */
  wire         unused_sqe_ready, unused_cqe_valid, unused_dma_valid, unused_dma_dir;
  wire [127:0] unused_cqe;
  wire [63:0]  unused_dma_addr;
  wire [12:0]  unused_dma_len;
  wire [31:0]  unused_dmabuf_rdata, unused_irq, unused_fw_version, unused_tohost, unused_recovery;
  wire         unused_irq_valid, unused_datapath, unused_tohost_valid, unused_console_valid;
  wire         unused_lockup, unused_busy, unused_framing;
  wire [7:0]   unused_console;
  wire [15:0]  unused_out_flow;
  wire [3:0]   unused_out_op;
  wire         unused_rx = RX;
  /* verilator lint_on UNUSEDSIGNAL */

  mgmt_top #(.NUM_FLOWS(NUM_FLOWS), .FW_HEX(FW_HEX), .HOST_IF(0), .IMEM_AW(IMEM_AW),
             .DMEM_AW(DMEM_AW), .UART_DIV(UART_DIV), .REGFILE_BRAM(REGFILE_BRAM),
             .IMEM_1PORT(IMEM_1PORT), .DMEM_SPRAM(DMEM_SPRAM)) u_mgmt (
    .clk_i(CLK), .rst_ni(rst_n),
    .adm_sqe_valid_i(1'b0), .adm_sqe_ready_o(unused_sqe_ready), .adm_sqe_i(512'd0),
    .adm_cqe_valid_o(unused_cqe_valid), .adm_cqe_ready_i(1'b0), .adm_cqe_o(unused_cqe),
    .dma_req_valid_o(unused_dma_valid), .dma_req_ready_i(1'b0), .dma_host_addr_o(unused_dma_addr),
    .dma_len_o(unused_dma_len), .dma_dir_o(unused_dma_dir),
    .dmabuf_en_i(1'b0), .dmabuf_we_i(1'b0), .dmabuf_addr_i(10'd0), .dmabuf_wdata_i(32'd0),
    .dmabuf_be_i(4'd0), .dmabuf_rdata_o(unused_dmabuf_rdata), .dma_done_i(1'b0), .dma_status_i(4'd0),
    .irq_coalesce_o(unused_irq), .irq_coalesce_valid_o(unused_irq_valid),
    .card_ready_o(card_ready), .card_selftest_failed_o(card_selftest_failed), .card_fatal_o(card_fatal),
    .datapath_enable_o(unused_datapath), .fw_version_o(unused_fw_version),
    .eng_present_i(1'b1), .eng_ready_i(eng_ready),
    .ctx_req_valid_o(ctx_req_valid), .ctx_req_ready_i(ctx_req_ready), .ctx_req_cmd_o(ctx_req_cmd),
    .ctx_req_flow_o(ctx_req_flow), .ctx_req_dir_o(ctx_req_dir), .ctx_req_stateful_o(ctx_req_stateful),
    .ctx_req_key_bits_o(ctx_req_key_bits), .ctx_req_start_key_o(ctx_req_start_key),
    .ctx_req_first_ccount_o(ctx_req_first_ccount), .ctx_req_max_rekeys_o(ctx_req_max_rekeys),
    .ctx_req_accept_pfc_o(ctx_req_accept_pfc),
    .ctx_rsp_valid_i(ctx_rsp_valid), .ctx_rsp_ready_o(ctx_rsp_ready), .ctx_rsp_status_i(ctx_rsp_status),
    .ctx_rsp_packets_i(ctx_rsp_packets), .ctx_rsp_bytes_i(ctx_rsp_bytes),
    .ctx_rsp_key_changes_i(ctx_rsp_key_changes), .ctx_rsp_ccp_resets_i(ctx_rsp_ccp_resets),
    .ctx_rsp_rx_dropped_i(ctx_rsp_rx_dropped), .ctx_rsp_rx_out_of_order_i(ctx_rsp_rx_out_of_order),
    .ctx_rsp_rx_missed_i(ctx_rsp_rx_missed), .ctx_rsp_rx_rekey_limited_i(ctx_rsp_rx_rekey_limited),
    .ctx_rsp_rx_implausible_i(ctx_rsp_rx_implausible), .ctx_rsp_sanity_errors_i(ctx_rsp_sanity_errors),
    .ctx_rsp_sanity_score_i(ctx_rsp_sanity_score), .ctx_rsp_next_ccount_i(ctx_rsp_next_ccount),
    .ctx_rsp_discarding_i(ctx_rsp_discarding), .ctx_rsp_key_bits_i(ctx_rsp_key_bits),
    .ctx_rsp_stateful_i(ctx_rsp_stateful), .ctx_rsp_dir_i(ctx_rsp_dir),
    .st_in_valid_o(st_in_valid), .st_in_ready_i(st_in_ready), .st_in_tag_o(st_in_tag),
    .st_in_flow_o(st_in_flow), .st_in_op_o(st_in_op), .st_in_len_o(st_in_len), .st_in_data_o(st_in_data),
    .st_in_last_o(st_in_last),
    .st_out_valid_i(st_out_valid), .st_out_ready_o(st_out_ready), .st_out_tag_i(st_out_tag),
    .st_out_status_i(st_out_status), .st_out_flags_i(st_out_flags), .st_out_ccount_i(st_out_ccount),
    .st_out_len_i(st_out_len), .st_out_data_i(st_out_data), .st_out_last_i(st_out_last),
    .sim_tohost_valid_o(unused_tohost_valid), .sim_tohost_o(unused_tohost),
    .sim_console_valid_o(unused_console_valid), .sim_console_o(unused_console),
    .cpu_lockup_o(unused_lockup), .recovery_o(unused_recovery), .uart_tx_o(TX)
  );

  mppe_top #(.NUM_FLOWS(NUM_FLOWS), .NUM_ENGINES(1), .TAG_W(16), .FLOW_W(16), .CTX_BANKS(CTX_BANKS),
             .RC4_BRAM(1), .SMALL(SMALL), .IN_FIFO_AW(IN_FIFO_AW), .OUT_FIFO_AW(OUT_FIFO_AW)) u_engine (
    .clk_i(CLK), .rst_ni(rst_n), .ready_o(eng_ready),
    .in_valid_i(st_in_valid), .in_ready_o(st_in_ready), .in_tag_i(st_in_tag), .in_flow_i(st_in_flow),
    .in_op_i(st_in_op), .in_len_i(st_in_len), .in_data_i(st_in_data), .in_last_i(st_in_last),
    .out_valid_o(st_out_valid), .out_ready_i(st_out_ready), .out_tag_o(st_out_tag),
    .out_flow_o(unused_out_flow), .out_op_o(unused_out_op), .out_status_o(st_out_status),
    .out_flags_o(st_out_flags), .out_ccount_o(st_out_ccount), .out_len_o(st_out_len),
    .out_data_o(st_out_data), .out_last_o(st_out_last),
    .ctx_req_valid_i(ctx_req_valid), .ctx_req_ready_o(ctx_req_ready), .ctx_req_cmd_i(ctx_req_cmd),
    .ctx_req_flow_i(ctx_req_flow), .ctx_req_dir_i(ctx_req_dir), .ctx_req_stateful_i(ctx_req_stateful),
    .ctx_req_key_bits_i(ctx_req_key_bits), .ctx_req_start_key_i(ctx_req_start_key),
    .ctx_req_first_ccount_i(ctx_req_first_ccount), .ctx_req_max_rekeys_i(ctx_req_max_rekeys),
    .ctx_req_accept_pfc_i(ctx_req_accept_pfc),
    .ctx_rsp_valid_o(ctx_rsp_valid), .ctx_rsp_ready_i(ctx_rsp_ready), .ctx_rsp_status_o(ctx_rsp_status),
    .ctx_rsp_packets_o(ctx_rsp_packets), .ctx_rsp_bytes_o(ctx_rsp_bytes),
    .ctx_rsp_key_changes_o(ctx_rsp_key_changes), .ctx_rsp_ccp_resets_o(ctx_rsp_ccp_resets),
    .ctx_rsp_rx_dropped_o(ctx_rsp_rx_dropped), .ctx_rsp_rx_out_of_order_o(ctx_rsp_rx_out_of_order),
    .ctx_rsp_rx_missed_o(ctx_rsp_rx_missed), .ctx_rsp_rx_rekey_limited_o(ctx_rsp_rx_rekey_limited),
    .ctx_rsp_rx_implausible_o(ctx_rsp_rx_implausible), .ctx_rsp_sanity_errors_o(ctx_rsp_sanity_errors),
    .ctx_rsp_sanity_score_o(ctx_rsp_sanity_score), .ctx_rsp_next_ccount_o(ctx_rsp_next_ccount),
    .ctx_rsp_discarding_o(ctx_rsp_discarding), .ctx_rsp_key_bits_o(ctx_rsp_key_bits),
    .ctx_rsp_stateful_o(ctx_rsp_stateful), .ctx_rsp_dir_o(ctx_rsp_dir),
    .engine_busy_o(unused_busy), .in_framing_error_o(unused_framing)
  );

  assign LEDG_N = !card_ready;
  assign LEDR_N = !(card_selftest_failed || card_fatal);

endmodule

`default_nettype wire
