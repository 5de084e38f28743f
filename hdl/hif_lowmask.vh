// (1 << n) - 1 bit by bit, a LUT a bit and no carry chain: a ring's index
// mask, on the way to a DMA address (issue 15: the subtraction's carry
// chain in front of the address adder was the longest path). Included
// inside hif_fetch and hif_cpl, which both address rings (Verilog-2005
// functions live in a module's scope).
function [15:0] low_mask(input [3:0] n);
  integer m;
  begin
    for (m = 0; m < 16; m = m + 1) low_mask[m] = m[3:0] < n;
  end
endfunction
