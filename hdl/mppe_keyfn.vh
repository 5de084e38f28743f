// The key-change functions of the MPPE engine (hdl/mppe_engine.v) and its
// next-key unit (hdl/mppe_nextkey.v), written once: included inside both
// modules (Verilog-2005 functions live in a module's scope).
// GetNewKeyFromSHA message (RFC 3078 7.3): start | 40 x 00 | session |
// 40 x f2, SHA-1 padded. 96 octets (8-octet keys) or 112 (16): two blocks.
function automatic [1023:0] gnk_msg;
  input [127:0] start;
  input [127:0] sess;
  input         long_key;
  integer n;
  reg [7:0] b;
  begin
    gnk_msg = 1024'd0;
    for (n = 0; n < 128; n = n + 1) begin
      b = 8'h00;
      if (long_key) begin
        if (n < 16) b = start[8*n +: 8];
        else if (n < 56) b = 8'h00;
        else if (n < 72) b = sess[8*(n-56) +: 8];
        else if (n < 112) b = 8'hf2;
        else if (n == 112) b = 8'h80;
        else if (n == 126) b = 8'h03;     // length 896 bits = 0x380
        else if (n == 127) b = 8'h80;
      end else begin
        if (n < 8) b = start[8*n +: 8];
        else if (n < 48) b = 8'h00;
        else if (n < 56) b = sess[8*(n-48) +: 8];
        else if (n < 96) b = 8'hf2;
        else if (n == 96) b = 8'h80;
        else if (n == 126) b = 8'h03;     // length 768 bits = 0x300
      end
      gnk_msg[1023-8*n -: 8] = b;
    end
  end
endfunction

// First len octets of the digest, octet 0 in bits [7:0].
function automatic [127:0] digest_key;
  input [159:0] dg;
  input         long_key;
  integer n;
  begin
    digest_key = 128'd0;
    for (n = 0; n < 16; n = n + 1)
      if (long_key || n < 8)
        digest_key[8*n +: 8] = dg[159-8*n -: 8];
  end
endfunction

// RFC 3078 7.3, RFC 3079 2.1/2.2: reduce to 40 or 56 bits (mppe_reduce_key)
function automatic [127:0] reduce_key;
  input [127:0] k;
  input [1:0]   kb;
  begin
    reduce_key = k;
    if (kb == 2'd0)
      reduce_key[23:0] = 24'h9e26d1;
    else if (kb == 2'd1)
      reduce_key[7:0] = 8'hd1;
  end
endfunction
