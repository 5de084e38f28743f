// MSI-X table and Pending Bit Array in BAR0, as PCI Express Base
// Specification 2.1 section 6.8.2 lays them out: entry n at TABLE + 16n
// holds Message Address (DW0, bits 1:0 read 0), Message Upper Address (DW1),
// Message Data (DW2) and Vector Control (DW3, bit 0 = Mask, set at reset);
// the PBA at PBA holds one pending bit per vector. The MSI-X Enable and
// Function Mask bits live in the capability in config space, which the PCIe
// block owns (cfg_interrupt_msixenable / cfg_interrupt_msixfm).
//
// An event on a vector that is masked (or while the function is masked)
// sets its pending bit; the message is sent once the vector is unmasked,
// and the pending bit clears when it is sent (6.8.2.3/6.8.2.9). Events
// while MSI-X is disabled are dropped: the function may not use MSI-X then.
`default_nettype none

module pcie_msix #(
  parameter integer N = 9                    // vectors (at most 16)
) (
  input  wire          clk_i,
  input  wire          rst_ni,
  // BAR0 accesses in the MSI-X page: *_off_i = DW offset from TABLE (bit 6 set: PBA)
  input  wire          wr_en_i,
  input  wire [6:0]    wr_off_i,
  input  wire [3:0]    wr_be_i,
  input  wire [31:0]   wr_data_i,
  input  wire [6:0]    rd_off_i,
  output reg  [31:0]   rd_data_o,
  input  wire          msix_en_i,
  input  wire          msix_fm_i,
  input  wire [N-1:0]  event_i,               // one pulse per event, bit n = vector n
  output reg           send_valid_o,          // a message to send: memory write of data to addr
  input  wire          send_ready_i,
  output reg  [63:0]   send_addr_o,
  output reg  [31:0]   send_data_o
);

  reg [31:0] addr_lo_q [0:N-1];
  reg [31:0] addr_hi_q [0:N-1];
  reg [31:0] data_q    [0:N-1];
  reg [N-1:0] mask_q, pend_q;

  wire       r_pba   = rd_off_i[6];
  wire [3:0] r_entry = rd_off_i[5:2];
  wire [1:0] r_word  = rd_off_i[1:0];
  wire       is_pba  = wr_off_i[6];
  wire [3:0] entry   = wr_off_i[5:2];
  wire [1:0] word    = wr_off_i[1:0];

  function [31:0] merge(input [31:0] old, input [31:0] wd, input [3:0] be);
    merge = {be[3] ? wd[31:24] : old[31:24], be[2] ? wd[23:16] : old[23:16],
             be[1] ? wd[15:8]  : old[15:8],  be[0] ? wd[7:0]   : old[7:0]};
  endfunction

  always @* begin
    rd_data_o = 32'd0;
    if (r_pba) begin
      if (rd_off_i[5:0] == 6'd0) rd_data_o[N-1:0] = pend_q;
    end else if ({28'd0, r_entry} < N) begin
      case (r_word)
        2'd0: rd_data_o = {addr_lo_q[r_entry][31:2], 2'b00};
        2'd1: rd_data_o = addr_hi_q[r_entry];
        2'd2: rd_data_o = data_q[r_entry];
        default: rd_data_o = {31'd0, mask_q[r_entry]};
      endcase
    end
  end

  // the lowest pending vector that may be sent now
  reg         pick_valid;
  reg [3:0]   pick;
  integer     i;
  always @* begin
    pick_valid = 1'b0;
    pick       = 4'd0;
    for (i = N - 1; i >= 0; i = i - 1)
      if (pend_q[i] && !mask_q[i]) begin
        pick_valid = 1'b1;
        pick       = i[3:0];
      end
  end
  wire launch = pick_valid && msix_en_i && !msix_fm_i && (!send_valid_o || send_ready_i);
  wire [N-1:0] sent = launch ? ({{(N-1){1'b0}}, 1'b1} << pick) : {N{1'b0}};

  always @(posedge clk_i) begin
    if (wr_en_i && !is_pba && {28'd0, entry} < N) begin
      case (word)
        2'd0: addr_lo_q[entry] <= merge(addr_lo_q[entry], wr_data_i, wr_be_i);
        2'd1: addr_hi_q[entry] <= merge(addr_hi_q[entry], wr_data_i, wr_be_i);
        2'd2: data_q[entry]    <= merge(data_q[entry], wr_data_i, wr_be_i);
        default: ;
      endcase
    end
    if (launch) begin
      send_addr_o <= {addr_hi_q[pick], addr_lo_q[pick][31:2], 2'b00};
      send_data_o <= data_q[pick];
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mask_q       <= {N{1'b1}};
      pend_q       <= {N{1'b0}};
      send_valid_o <= 1'b0;
    end else begin
      if (wr_en_i && !is_pba && {28'd0, entry} < N && word == 2'd3 && wr_be_i[0])
        mask_q[entry] <= wr_data_i[0];
      // an event in the clock its vector is sent stays pending: it needs a message of its own
      pend_q <= (pend_q & ~sent) | (msix_en_i ? event_i : {N{1'b0}});
      if (launch) send_valid_o <= 1'b1;
      else if (send_ready_i) send_valid_o <= 1'b0;
    end
  end

endmodule
