// UART register block of the management core: a transmitter, 8N1, DIV
// clocks per bit (115200 baud from the iCEBreaker's 12 MHz: DIV = 104,
// 0.16% fast, well inside the receiver's tolerance). The console of a board
// without a host; registers in contract/mgmt_map.txt (block UART). One
// 32-bit word per access; read data the clock after the request.
`default_nettype none
`include "mgmt_map.vh"

module mgmt_uart #(
  parameter integer DIV = 104
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        req_i,
  input  wire        we_i,
  input  wire [11:0] addr_i,
  input  wire [31:0] wdata_i,
  output reg  [31:0] rdata_o,
  output wire        tx_o          // idles high (mark)
);

  localparam [11:0] REG_TXDATA = `MGMT_UART_TXDATA_OFF;
  localparam [11:0] REG_STATUS = `MGMT_UART_STATUS_OFF;
  localparam [11:0] REG_DIV    = `MGMT_UART_DIV_OFF;
  localparam integer CW = $clog2(DIV + 1);
  localparam [31:0]   DIV_W  = DIV;
  localparam [31:0]   DIV_M1_W = DIV - 1;
  localparam [CW-1:0] DIV_M1 = DIV_M1_W[CW-1:0];

  // start bit, 8 data bits LSB first, stop bit: shifted out of sh_q
  reg [9:0]    sh_q;
  reg [3:0]    bits_q;       // bits still to send, 0 = idle
  reg [CW-1:0] cnt_q;        // clocks left of the current bit
  wire         busy = bits_q != 4'd0;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sh_q   <= 10'h3ff;
      bits_q <= 4'd0;
      cnt_q  <= {CW{1'b0}};
    end else if (busy) begin
      if (cnt_q == {CW{1'b0}}) begin
        sh_q   <= {1'b1, sh_q[9:1]};
        bits_q <= bits_q - 4'd1;
        cnt_q  <= DIV_M1;
      end else begin
        cnt_q <= cnt_q - 1'b1;
      end
    end else if (req_i && we_i && addr_i == REG_TXDATA) begin
      sh_q   <= {1'b1, wdata_i[7:0], 1'b0};
      bits_q <= 4'd10;
      cnt_q  <= DIV_M1;
    end
  end
  assign tx_o = sh_q[0];

  // Waived: only the low byte is data; the register offsets are whole words.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [23:0] unused_wdata = wdata_i[31:8];
  /* verilator lint_on UNUSEDSIGNAL */

  always @(posedge clk_i) begin
    if (req_i && !we_i) begin
      case (addr_i)
        REG_STATUS: rdata_o <= {31'd0, busy};
        REG_DIV:    rdata_o <= DIV_W;
        default:    rdata_o <= 32'd0;
      endcase
    end
  end

endmodule

`default_nettype wire
