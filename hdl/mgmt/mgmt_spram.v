// DMEM in the iCE40 UP5K's single-port RAM (SB_SPRAM256KA, 16 K x 16 each,
// no initial contents): two side by side make 32-bit words, the byte
// enables become pairs of the cell's nibble write masks. Same port as one
// port of mgmt_ram with READ_ON_WRITE = 0: a read returns the word the clock
// after the request and the output holds while the port is idle; after a
// write it is undefined (the cell's own model says so), which DMEM's one
// user, the core, never looks at. Simulated with yosys's cell model
// (/usr/share/yosys/ice40/cells_sim.v).
`default_nettype none

module mgmt_spram #(
  parameter integer AW = 14        // log2(words), at most 14 (64 KiB)
) (
  input  wire          clk_i,
  input  wire          en_i,
  input  wire          we_i,
  input  wire [3:0]    be_i,
  input  wire [AW-1:0] addr_i,
  input  wire [31:0]   wdata_i,
  output wire [31:0]   rdata_o
);
  // Waiver: zero-extended to the cells' 14 address bits, the top bits dropped.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [AW+13:0] addr_ext = {14'd0, addr_i};
  /* verilator lint_on UNUSEDSIGNAL */
  wire [13:0]    addr     = addr_ext[13:0];

  SB_SPRAM256KA u_lo (
    .ADDRESS (addr), .DATAIN (wdata_i[15:0]), .MASKWREN ({be_i[1], be_i[1], be_i[0], be_i[0]}),
    .WREN (we_i), .CHIPSELECT (en_i), .CLOCK (clk_i),
    .STANDBY (1'b0), .SLEEP (1'b0), .POWEROFF (1'b1), .DATAOUT (rdata_o[15:0])
  );
  SB_SPRAM256KA u_hi (
    .ADDRESS (addr), .DATAIN (wdata_i[31:16]), .MASKWREN ({be_i[3], be_i[3], be_i[2], be_i[2]}),
    .WREN (we_i), .CHIPSELECT (en_i), .CLOCK (clk_i),
    .STANDBY (1'b0), .SLEEP (1'b0), .POWEROFF (1'b1), .DATAOUT (rdata_o[31:16])
  );
endmodule

`default_nettype wire
