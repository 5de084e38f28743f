// The iCEBreaker board (iCE40 UP5K, no host): the management core's CPU
// (mgmt_cpu) with its firmware built into the bitstream, DMEM in the UP5K's
// SPRAM, SYS/TIMER (mgmt_sys), a UART (mgmt_uart) and the crypto units of
// hdl/lite/ (RC4, SHA-1 compression) on one data bus. Not the card's packet
// engine: that does not fit the part (docs/hardware.md "iCEBreaker"); the
// firmware (firmware/lite/) sequences MPPE on the units instead. At
// power-on it runs the self-test through them and prints the result on the
// UART (115200 8N1 to the board's FTDI bridge); the green LED says passed,
// the red one failed. The addresses are the management map's
// (contract/mgmt_map.txt: IMEM, DMEM, SYS, TIMER, UART, LITE); anything else
// faults. Pins: icebreaker.pcf. Build, simulation, what ran where:
// docs/hardware.md.
`default_nettype none
`include "mgmt_map.vh"

module icebreaker_top #(
  parameter        FW_HEX    = "",       // $readmemh image of the board firmware
  parameter integer IMEM_AW   = 11,      // 8 KiB of firmware (16 EBR)
  parameter integer DMEM_AW   = 10,      // 4 KiB of data and stack (SPRAM)
  parameter integer UART_DIV  = 104,     // 12 MHz / 115200 baud
  parameter integer REGFILE_BRAM = 1,    // the core's registers in block RAM (mgmt_cpu)
  parameter integer CPU_SMALL = 1,       // mgmt_cpu's area-first multi-cycle variant (SMALL)
  parameter integer SLOT_W    = 2,       // log2 of the RC4 unit's S-boxes (flows)
  parameter integer POR_BITS  = 10       // reset held 2^POR_BITS clocks after configuration
) (
  input  wire CLK,         // 12 MHz oscillator
  input  wire BTN_N,       // user button, low when pressed: resets the board
  input  wire RX,          // FTDI UART into the FPGA (unused: the board only reports)
  output wire TX,          // FTDI UART out of the FPGA
  output wire LEDR_N,      // red: self-test failed or fatal (low = on)
  output wire LEDG_N       // green: self-test passed
);

  // ---------------------------------------------------------------- reset
  // No reset pin: the iCE40 starts with every flip-flop at 0 after
  // configuration, so a counter from 0 holds the board in reset for a while
  // (the oscillator settles, the button input is synchronised). The button
  // restarts it.
  reg [1:0]        btn_q = 2'b00;
  reg [POR_BITS:0] por_q = {(POR_BITS + 1){1'b0}};
  reg              rst_n = 1'b0;     // asynchronous reset, released on a clock edge
  always @(posedge CLK) begin
    btn_q <= {btn_q[0], BTN_N};
    if (!btn_q[1]) por_q <= {(POR_BITS + 1){1'b0}};
    else if (!por_q[POR_BITS]) por_q <= por_q + 1'b1;
    rst_n <= por_q[POR_BITS];
  end

  // ---------------------------------------------------------------- core
  localparam [31:0] IMEM_BYTES = 32'd4 << IMEM_AW;
  wire        core_rst;
  wire        core_rst_n = rst_n && !core_rst;
  wire        imem_en, dreq, dwe, lockup;
  wire [31:0] imem_addr, imem_rdata, daddr, dwdata;
  wire [3:0]  dbe;
  reg         dack, derr;
  reg  [31:0] drdata;

  mgmt_cpu #(.IMEM_BYTES(IMEM_BYTES), .REGFILE_BRAM(REGFILE_BRAM), .SMALL(CPU_SMALL)) u_cpu (
    .clk_i(CLK), .rst_ni(core_rst_n),
    .imem_en_o(imem_en), .imem_addr_o(imem_addr), .imem_rdata_i(imem_rdata),
    .dreq_o(dreq), .dwe_o(dwe), .daddr_o(daddr), .dwdata_o(dwdata), .dbe_o(dbe),
    .dack_i(dack), .derr_i(derr), .drdata_i(drdata), .lockup_o(lockup)
  );

  // ---------------------------------------------------------------- decode
  // the management map's windows this board has (IMEM, DMEM, SYS, TIMER,
  // UART, LITE), every target answering the clock after the request
  // (hdl/mgmt/mgmt_bus.v, as in mgmt_top)
`include "mgmt/mgmt_bus.vh"
  wire [3:0] target, target_q;
  wire       ack_q, err_q;
  mgmt_bus #(.HOST_IF(0), .UART(1), .ENGINE(0), .LITE(1)) u_bus (
    .clk_i(CLK), .rst_ni(rst_n),
    .req_i(dreq), .we_i(dwe), .be_i(dbe), .addr_i(daddr), .hold_i(core_rst),
    .target_o(target), .target_q_o(target_q), .ack_o(ack_q), .err_o(err_q)
  );

  // ---------------------------------------------------------------- memories
  // The firmware image, read-only, one port: the core never fetches in the
  // clock it issues a load (a load's fetch waits for its acknowledge), so
  // fetch and data reads share it (as mgmt_top's IMEM_1PORT, docs/mgmt-core.md).
  wire sel_imem = dreq && target == T_IMEM;
  wire [31:0] imem_d_rdata;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] unused_b_rdata;
  wire [31:0] unused_imem_addr = imem_addr;   // word index bits only: the core checks the bound
  /* verilator lint_on UNUSEDSIGNAL */
  mgmt_ram #(.WORDS(1 << IMEM_AW), .AW(IMEM_AW), .INIT_PLUSARG("imem=%s"), .INIT_FILE(FW_HEX),
             .READ_ONLY(1)) u_imem (
    .clk_i(CLK),
    .a_en_i(imem_en || sel_imem), .a_we_i(1'b0), .a_be_i(4'd0),
    .a_addr_i(imem_en ? imem_addr[IMEM_AW+1:2] : daddr[IMEM_AW+1:2]), .a_wdata_i(32'd0),
    .a_rdata_o(imem_rdata),
    .b_en_i(1'b0), .b_we_i(1'b0), .b_be_i(4'd0), .b_addr_i({IMEM_AW{1'b0}}), .b_wdata_i(32'd0),
    .b_rdata_o(unused_b_rdata)
  );
  assign imem_d_rdata = imem_rdata;

  // DMEM in the UP5K's single-port RAM: no EBR; needs no initial contents
  // (start.S copies .data from IMEM)
  wire [31:0] dmem_rdata;
  mgmt_spram #(.AW(DMEM_AW)) u_dmem (
    .clk_i(CLK), .en_i(dreq && target == T_DMEM), .we_i(dwe), .be_i(dbe),
    .addr_i(daddr[DMEM_AW+1:2]), .wdata_i(dwdata), .rdata_o(dmem_rdata)
  );

  // ---------------------------------------------------------------- registers
  wire [31:0] sys_rdata, uart_rdata, lite_rdata;
  wire card_ready, card_selftest_failed, card_fatal;
  // Waived: no loader (no update bank on this board), no host to tell
  /* verilator lint_off UNUSEDSIGNAL */
  wire        unused_stage_en, unused_imem_we, unused_bank, unused_datapath, unused_irq_valid;
  wire        unused_tohost_valid, unused_console_valid;
  wire [IMEM_AW-1:0] unused_stage_addr, unused_imem_waddr;
  wire [31:0] unused_recovery, unused_fw_version, unused_irq, unused_tohost;
  wire [7:0]  unused_console;
  wire        unused_rx = RX;
  /* verilator lint_on UNUSEDSIGNAL */
  mgmt_sys #(.IMEM_AW(IMEM_AW), .STAGE_AW(IMEM_AW)) u_sys (
    .clk_i(CLK), .rst_ni(rst_n),
    .req_i(dreq && (target == T_SYS || target == T_TIMER)), .we_i(dwe), .timer_sel_i(target == T_TIMER),
    .addr_i(daddr[11:0]), .wdata_i(dwdata), .rdata_o(sys_rdata),
    .core_rst_o(core_rst), .ldr_stage_en_o(unused_stage_en), .ldr_stage_addr_o(unused_stage_addr),
    .ldr_imem_we_o(unused_imem_we), .ldr_imem_addr_o(unused_imem_waddr), .lockup_i(lockup),
    .bank_o(unused_bank), .recovery_o(unused_recovery),
    .card_ready_o(card_ready), .card_selftest_failed_o(card_selftest_failed), .card_fatal_o(card_fatal),
    .datapath_enable_o(unused_datapath), .fw_version_o(unused_fw_version),
    .irq_coalesce_o(unused_irq), .irq_coalesce_valid_o(unused_irq_valid),
    .sim_tohost_valid_o(unused_tohost_valid), .sim_tohost_o(unused_tohost),
    .sim_console_valid_o(unused_console_valid), .sim_console_o(unused_console)
  );

  mgmt_uart #(.DIV(UART_DIV)) u_uart (
    .clk_i(CLK), .rst_ni(rst_n), .req_i(dreq && target == T_UART), .we_i(dwe),
    .addr_i(daddr[11:0]), .wdata_i(dwdata), .rdata_o(uart_rdata), .tx_o(TX)
  );

  lite_crypto #(.SLOT_W(SLOT_W)) u_lite (
    .clk_i(CLK), .rst_ni(rst_n), .req_i(dreq && target == T_LITE), .we_i(dwe),
    .addr_i(daddr[7:0]), .wdata_i(dwdata), .rdata_o(lite_rdata)
  );

  // ---------------------------------------------------------------- response
  always @(*) begin
    case (target_q)
      T_IMEM:  drdata = imem_d_rdata;
      T_DMEM:  drdata = dmem_rdata;
      T_SYS,
      T_TIMER: drdata = sys_rdata;
      T_UART:  drdata = uart_rdata;
      T_LITE:  drdata = lite_rdata;
      default: drdata = 32'd0;
    endcase
    dack = ack_q && !core_rst;
    derr = err_q && !core_rst;
  end

  assign LEDG_N = !card_ready;
  assign LEDR_N = !(card_selftest_failed || card_fatal);

endmodule

`default_nettype wire
