// The key-change functions of the key-change unit (hdl/mppe_nextkey.v),
// written once: included there and by the modules that build the same
// message themselves (hdl/mppe_keyunit.v's shared block; the engine, which
// needs none of them now but keeps the include for its self-checks)
// (Verilog-2005 functions live in a module's scope).
// Octets 0..15 of a key (octet 0 in bits [7:0]) in message order, octet 0
// first (in the top bits).
function automatic [127:0] key_octets;
  input [127:0] k;
  integer n;
  begin
    for (n = 0; n < 16; n = n + 1)
      key_octets[127-8*n -: 8] = k[8*n +: 8];
  end
endfunction

// GetNewKeyFromSHA message (RFC 3078 7.3): start | 40 x 00 | session |
// 40 x f2, SHA-1 padded. 96 octets (8-octet keys) or 112 (16): two blocks,
// octet 0 in the top bits. Written as one concatenation, not a loop over
// the 128 octets: the engines evaluate it every clock, and a simulator
// (Verilator) would run that loop every clock (cardsim's profile, issue 15).
function automatic [1023:0] gnk_msg;
  input [127:0] start;
  input [127:0] sess;
  input         long_key;
  reg   [127:0] s, k;
  begin
    s = key_octets(start);
    k = key_octets(sess);
    if (long_key)   // 16 + 40 + 16 + 40 octets, 0x80, zeros, length 896 bits = 0x380
      gnk_msg = {s, 320'd0, k, {40{8'hf2}}, 8'h80, 104'd0, 16'h0380};
    else            // 8 + 40 + 8 + 40 octets, 0x80, zeros, length 768 bits = 0x300
      gnk_msg = {s[127:64], 320'd0, k[127:64], {40{8'hf2}}, 8'h80, 232'd0, 16'h0300};
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

// Octets 4j..4j+3 of a key as a big-endian SHA-1 word.
function automatic [31:0] key_word;
  input [127:0] k;
  input [1:0]   j;
  begin
    case (j)
      2'd0: key_word = {k[7:0],   k[15:8],   k[23:16],  k[31:24]};
      2'd1: key_word = {k[39:32], k[47:40],  k[55:48],  k[63:56]};
      2'd2: key_word = {k[71:64], k[79:72],  k[87:80],  k[95:88]};
      default: key_word = {k[103:96], k[111:104], k[119:112], k[127:120]};
    endcase
  end
endfunction

// Word n (0..31) of gnk_msg(): the same message, one word at a time, for a
// SHA-1 core fed a word a clock (the small engine's sha1_iter; the keys and
// the padding fall on word boundaries for both key lengths).
function automatic [31:0] gnk_word;
  input [127:0] start;
  input [127:0] sess;
  input         long_key;
  input [4:0]   n;
  begin
    gnk_word = 32'd0;
    if (long_key) begin
      if (n < 5'd4) gnk_word = key_word(start, n[1:0]);          // octets 0..15
      else if (n < 5'd14) gnk_word = 32'd0;                     // 16..55
      else if (n < 5'd18) gnk_word = key_word(sess, n[1:0] + 2'd2);  // 56..71
      else if (n < 5'd28) gnk_word = 32'hf2f2f2f2;              // 72..111
      else if (n == 5'd28) gnk_word = 32'h80000000;             // padding
      else if (n == 5'd31) gnk_word = 32'h00000380;             // 896 bits
    end else begin
      if (n < 5'd2) gnk_word = key_word(start, {1'b0, n[0]});   // octets 0..7
      else if (n < 5'd12) gnk_word = 32'd0;                     // 8..47
      else if (n < 5'd14) gnk_word = key_word(sess, {1'b0, n[0]});  // 48..55
      else if (n < 5'd24) gnk_word = 32'hf2f2f2f2;              // 56..95
      else if (n == 5'd24) gnk_word = 32'h80000000;             // padding
      else if (n == 5'd31) gnk_word = 32'h00000300;             // 768 bits
    end
  end
endfunction
