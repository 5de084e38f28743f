// The management core's area-first variant (mgmt_cpu SMALL = 1; iCE40 UP5K
// boards, docs/mgmt-core.md "SMALL"): the same RV32I + Zicsr, traps, lockup
// and CSRs as the card's core (hdl/mgmt/mgmt_cpu.v, which instantiates this
// one when SMALL = 1; the ports are the same), executed as a sequence of
// clocks around one adder. x0..x31 and the five writable CSRs (mtvec,
// mscratch, mepc, mcause, mtval) are 37 words of one 64-word RAM with one
// synchronous read port (2 iCE40 block RAMs); rs1 and rs2 are read in
// successive clocks into the operand registers a and b. The adder (x + y,
// or x - y through ~y + 1, whose carry out is the unsigned compare) makes
// every address, target, link, sum and compare; shifts move a one bit per
// clock. Reset clears the whole RAM first (64 clocks), which gives the CSRs
// their reset value 0 and makes x0 read 0 (x0 is never written after).
// The clocks per instruction: docs/mgmt-core.md; the cycle CSRs count clocks.
`default_nettype none

module mgmt_cpu_small #(
  parameter [31:0] IMEM_BYTES = 32'd16384   // fetches at or above fault
) (
`include "mgmt/mgmt_cpu_ports.vh"
);

  wire [31:0] instr = imem_rdata_i;
`include "mgmt/mgmt_rv32i.vh"

  localparam [3:0] T_INIT = 4'd0,  T_JUMP = 4'd1,  T_DEC  = 4'd2,  T_RS1  = 4'd3,
                   T_RS2  = 4'd4,  T_EX   = 4'd5,  T_EX2  = 4'd6,  T_SHIFT = 4'd7,
                   T_MWAIT = 4'd9, T_TRAP1 = 4'd10, T_TRAP2 = 4'd11,
                   T_TRAP3 = 4'd12, T_TRAP4 = 4'd13, T_LOCK = 4'd14;
  // RAM words of the CSRs: 32 + csr_addr[2:0] (mscratch 32, mepc 33, mcause 34, mtval 35, mtvec 37)
  localparam [5:0] W_MEPC = 6'd33, W_MCAUSE = 6'd34,
                   W_MTVAL = 6'd35, W_MTVEC = 6'd37;
  // adder operands
  localparam [1:0] X_A = 2'd0, X_PC = 2'd1, X_ZERO = 2'd2;
  localparam [1:0] Y_B = 2'd0, Y_IMM = 2'd1, Y_FOUR = 2'd2, Y_ZERO = 2'd3;
  // register file write data
  localparam [1:0] WD_ALU = 2'd0, WD_LOAD = 2'd1, WD_CAUSE = 2'd2, WD_INSTR = 2'd3;

  reg  [3:0]  st_q, st_d;
  reg  [31:2] spc_q;            // pc
  wire [31:0] spc = {spc_q, 2'b00};
  reg  [31:0] a_q, b_q;         // operands: rs1 (then address, target, shifted value), rs2
  reg  [5:0]  cnt_q;            // RAM clear, then shift count
  reg  [1:0]  jx_q, jy_q;       // the next T_JUMP's adder operands
  reg         in_trap_q;        // fetching the trap vector: outside IMEM locks up
  reg  [3:0]  cause_q;
  reg         tv_instr_q;       // mtval: the instruction word, else the adder (x + 0)
  reg  [1:0]  tvx_q;            // mtval's adder operand (a, pc or 0)
  reg  [4:0]  mrd_q;            // the load/store in flight
  reg  [2:0]  mf3_q;
  reg         mwe_q;
  reg  [63:0] scycle_q;

  // ------------------------------------------------ controls (per state)
  reg  [1:0]  xsel, ysel, wsel;
  reg         sub;
  reg  [2:0]  aop;              // funct3 of the ALU result; 000 is the adder
  reg         use_csr_ro;       // result: a CSR not in the RAM
  reg         we;
  reg  [5:0]  waddr, raddr;
  reg         a_ld_ram, a_ld_sum, a_shift, b_ld_ram;
  reg         pc_ld, sfetch, go_trap, dreq;
  reg  [3:0]  trap_c;
  reg         trap_tv_instr;
  reg  [1:0]  trap_tvx;
  reg  [1:0]  jx_d, jy_d;

  // ------------------------------------------------ the adder and ALU
  reg  [31:0] imm;
  always @(*) begin
    case (opcode)
      OPC_LUI, OPC_AUIPC: imm = imm_u;
      OPC_JAL:            imm = imm_j;
      OPC_BRANCH:         imm = imm_b;
      OPC_STORE:          imm = imm_s;
      OPC_SYSTEM:         imm = {27'd0, rs1};     // CSRR*I's uimm
      default:            imm = imm_i;
    endcase
  end
  wire [31:0] xv = (xsel == X_A) ? a_q : (xsel == X_PC) ? spc : 32'd0;
  reg  [31:0] yv;
  always @(*) begin
    case (ysel)
      Y_B:     yv = b_q;
      Y_IMM:   yv = imm;
      Y_FOUR:  yv = 32'd4;
      default: yv = 32'd0;
    endcase
  end
  wire [31:0] yi   = yv ^ {32{sub}};
  // bit 32: the borrow of x - y (x < y unsigned)
  wire [32:0] ssum = {1'b0, xv} + {sub, yi} + {32'd0, sub};
  wire        s_lt  = (xv[31] != yv[31]) ? xv[31] : ssum[31];
  wire        s_ltu = ssum[32];
  wire        s_eq  = (ssum[31:0] == 32'd0);
  reg  [31:0] csr_ro;           // the CSRs that are not in the RAM
  always @(*) begin
    case (csr_addr)
      CSR_MSTATUS:            csr_ro = 32'h0000_1800;
      CSR_MISA:               csr_ro = 32'h4000_0100;
      CSR_MCYCLE, CSR_CYCLE:  csr_ro = scycle_q[31:0];
      CSR_MCYCLEH, CSR_CYCLEH: csr_ro = scycle_q[63:32];
      default:                csr_ro = 32'd0;   // mhartid
    endcase
  end
  wire        csr_in_ram = (csr_addr == CSR_MTVEC) || (csr_addr[11:2] == CSR_MSCRATCH[11:2]);
  reg  [31:0] alu;
  always @(*) begin
    case (aop)
      3'b010:  alu = {31'd0, s_lt};
      3'b011:  alu = {31'd0, s_ltu};
      3'b100:  alu = xv ^ yi;
      3'b110:  alu = xv | yi;
      3'b111:  alu = xv & yi;
      default: alu = ssum[31:0];
    endcase
    if (use_csr_ro) alu = csr_ro;
  end
  // the shifter: 4 bits a clock while 4 or more are left, then 1
  // (SLL, SRL, SRA: funct3[2] is right, funct7[5] arithmetic)
  wire        sh4  = (cnt_q[4:2] != 3'd0);
  wire        fill = funct7[5] & a_q[31];
  wire [31:0] a_shifted = funct3[2] ? (sh4 ? {{4{fill}}, a_q[31:4]} : {fill, a_q[31:1]})
                                    : (sh4 ? {a_q[27:0], 4'b0000} : {a_q[30:0], 1'b0});

  wire [31:0] ld_v = load_value(drdata_i, a_q[1:0], mf3_q);
  reg [31:0] wdata;
  always @(*) begin
    case (wsel)
      WD_ALU:   wdata = alu;
      WD_LOAD:  wdata = ld_v;
      WD_CAUSE: wdata = {28'd0, cause_q};
      default:  wdata = instr;
    endcase
  end

  // ------------------------------------------------ sequence
  wire is_csr   = (opcode == OPC_SYSTEM) && (funct3 != 3'b000);
  wire is_shift = (funct3[1:0] == 2'b01) && (opcode == OPC_OP || opcode == OPC_OPIMM);
  // b: rs2 of OP, BRANCH, STORE; rs1 of a CSR instruction (the rest skip T_RS2)
  wire needs_b  = (opcode == OPC_OP) || (opcode == OPC_BRANCH) || (opcode == OPC_STORE) || is_csr;
  reg  legal;
  always @(*) begin
    case (opcode)
      OPC_LUI, OPC_AUIPC, OPC_JAL: legal = 1'b1;
      OPC_JALR:          legal = (funct3 == 3'b000);
      OPC_BRANCH:        legal = br_legal;
      OPC_OPIMM, OPC_OP: legal = alu_legal;
      OPC_LOAD, OPC_STORE: legal = ls_legal;
      OPC_MISC:          legal = (funct3 == 3'b000 || funct3 == 3'b001);
      OPC_SYSTEM:        legal = (funct3 == 3'b000) ?
                                 (instr == 32'h0000_0073 || instr == 32'h0010_0073 ||
                                  instr == 32'h3020_0073 || instr == 32'h1050_0073) :
                                 (funct3 != 3'b100 && csr_known && !(csr_readonly && csr_writes));
      default:           legal = 1'b0;
    endcase
    if (instr[1:0] != 2'b11) legal = 1'b0;
  end
  reg br_t;
  always @(*) begin
    case (funct3[2:1])
      2'b00:   br_t = s_eq;
      2'b10:   br_t = s_lt;
      default: br_t = s_ltu;
    endcase
    br_t = br_t ^ funct3[0];
  end
  wire ls_mis = (mf3_q[1:0] == 2'b01) ? ssum[0] : (mf3_q[1:0] == 2'b10) ? (ssum[1:0] != 2'b00) : 1'b0;

  always @(*) begin
    st_d = st_q;
    xsel = X_A; ysel = Y_ZERO; sub = 1'b0; aop = 3'b000; use_csr_ro = 1'b0;
    wsel = WD_ALU; we = 1'b0; waddr = {1'b0, rd}; raddr = {1'b0, rs1};
    a_ld_ram = 1'b0; a_ld_sum = 1'b0; a_shift = 1'b0; b_ld_ram = 1'b0;
    pc_ld = 1'b0; sfetch = 1'b0; go_trap = 1'b0; dreq = 1'b0;
    trap_c = CAUSE_ILLEGAL[3:0]; trap_tv_instr = 1'b0; trap_tvx = X_ZERO;
    jx_d = X_PC; jy_d = Y_FOUR;
    case (st_q)
      T_INIT: begin                       // RAM word cnt_q <= 0 + 0
        xsel = X_ZERO; we = 1'b1; waddr = cnt_q;
        jx_d = X_ZERO; jy_d = Y_ZERO;
        if (cnt_q == 6'd63) st_d = T_JUMP;
      end
      T_JUMP: begin                       // sfetch x + y
        xsel = jx_q; ysel = jy_q;
        if (ssum[1]) begin                // RV32I 2.5: the jump traps, mtval = its target
          a_ld_sum = 1'b1; go_trap = 1'b1;
          trap_c = CAUSE_IADDR_MISALIGNED[3:0]; trap_tvx = X_A;
        end else begin
          pc_ld = 1'b1;
          if (outside_imem(ssum[31:0])) begin
            if (in_trap_q) st_d = T_LOCK;
            else begin go_trap = 1'b1; trap_c = CAUSE_IACCESS_FAULT[3:0]; trap_tvx = X_PC; end
          end else begin
            sfetch = 1'b1; st_d = T_DEC;
          end
        end
      end
      T_DEC: begin                        // the word is here: read rs1 (a CSR: the CSR)
        if (is_csr) raddr = {1'b1, 2'b00, csr_addr[2:0]};
        if (opcode == OPC_SYSTEM && funct3 == 3'b000) raddr = W_MEPC;   // MRET
        st_d = T_RS1;
        if (!legal) begin
          go_trap = 1'b1; trap_tv_instr = 1'b1;
        end else if (instr == 32'h0000_0073) begin
          go_trap = 1'b1; trap_c = CAUSE_ECALL_M[3:0];
        end else if (instr == 32'h0010_0073) begin
          go_trap = 1'b1; trap_c = CAUSE_BREAKPOINT[3:0]; trap_tvx = X_PC;
        end
      end
      T_RS1: begin                        // a <= rs1; read rs2 (a CSR: rs1)
        a_ld_ram = 1'b1; raddr = is_csr ? {1'b0, rs1} : {1'b0, rs2};
        st_d = needs_b ? T_RS2 : T_EX;
      end
      T_RS2: begin
        b_ld_ram = 1'b1; st_d = T_EX;
      end
      T_EX: begin
        st_d = T_JUMP;                    // to pc + 4 unless below
        case (opcode)
          OPC_LUI:   begin xsel = X_ZERO; ysel = Y_IMM; we = 1'b1; end
          OPC_AUIPC: begin xsel = X_PC; ysel = Y_IMM; we = 1'b1; end
          OPC_JAL, OPC_JALR: begin        // a <= target; the link next
            xsel = (opcode == OPC_JAL) ? X_PC : X_A; ysel = Y_IMM; a_ld_sum = 1'b1;
            if (ssum[1]) begin
              go_trap = 1'b1; trap_c = CAUSE_IADDR_MISALIGNED[3:0]; trap_tvx = X_A;
            end else st_d = T_EX2;
          end
          OPC_BRANCH: begin
            ysel = Y_B; sub = 1'b1;
            if (br_t) jy_d = Y_IMM;
          end
          OPC_OP, OPC_OPIMM: begin
            ysel = (opcode == OPC_OP) ? Y_B : Y_IMM;
            aop = funct3;
            sub = (funct3 == 3'b010) || (funct3 == 3'b011) ||
                  (opcode == OPC_OP && funct3 == 3'b000 && funct7[5]);
            if (is_shift) st_d = T_SHIFT;
            else we = 1'b1;
          end
          OPC_LOAD, OPC_STORE: begin      // the request to a + imm; a <= the address
            ysel = Y_IMM; a_ld_sum = 1'b1;
            if (ls_mis) begin
              go_trap = 1'b1; trap_tvx = X_A;
              trap_c = (opcode == OPC_LOAD) ? CAUSE_LADDR_MISALIGNED[3:0] : CAUSE_SADDR_MISALIGNED[3:0];
            end else begin
              dreq = 1'b1; st_d = T_MWAIT;
            end
          end
          OPC_SYSTEM: begin
            if (funct3 == 3'b000) begin                  // MRET (a = mepc); WFI: pc + 4
              if (instr[29]) begin jx_d = X_A; jy_d = Y_ZERO; end
            end else begin                                   // rd <= the CSR (a or csr_ro)
              we = 1'b1; use_csr_ro = !csr_in_ram;
              if (csr_writes && csr_in_ram) st_d = T_EX2;
            end
          end
          default: ;                                     // FENCE, FENCE.I
        endcase
      end
      T_EX2: begin
        st_d = T_JUMP;
        if (opcode == OPC_SYSTEM) begin    // CSR <= a op y
          waddr = {1'b1, 2'b00, csr_addr[2:0]}; we = 1'b1;
          ysel = funct3[2] ? Y_IMM : Y_B;
          case (funct3[1:0])
            2'b01:   xsel = X_ZERO;                      // CSRRW: 0 + y
            2'b10:   aop = 3'b110;                       // CSRRS: a | y
            default: begin aop = 3'b111; sub = 1'b1; end // CSRRC: a & ~y
          endcase
        end else begin                     // JAL, JALR: rd <= pc + 4, then to a
          xsel = X_PC; ysel = Y_FOUR; we = 1'b1;
          jx_d = X_A; jy_d = Y_ZERO;
        end
      end
      T_SHIFT: begin                       // a shifts until the count is 0, then rd <= a
        if (cnt_q[4:0] == 5'd0) begin
          we = 1'b1; st_d = T_JUMP;
        end else a_shift = 1'b1;
      end
      T_MWAIT: begin                       // the address stays on the bus: a + 0
        waddr = {1'b0, mrd_q}; wsel = WD_LOAD;
        if (derr_i) begin
          go_trap = 1'b1; trap_tvx = X_A;
          trap_c = mwe_q ? CAUSE_SACCESS_FAULT[3:0] : CAUSE_LACCESS_FAULT[3:0];
        end else if (dack_i) begin
          we = !mwe_q; st_d = T_JUMP;
        end
      end
      T_TRAP1: begin                       // mepc <= pc
        xsel = X_PC; we = 1'b1; waddr = W_MEPC; st_d = T_TRAP2;
      end
      T_TRAP2: begin                       // mcause
        wsel = WD_CAUSE; we = 1'b1; waddr = W_MCAUSE; st_d = T_TRAP3;
      end
      T_TRAP3: begin                       // mtval; read mtvec
        xsel = tvx_q; wsel = tv_instr_q ? WD_INSTR : WD_ALU; we = 1'b1; waddr = W_MTVAL;
        raddr = W_MTVEC; st_d = T_TRAP4;
      end
      T_TRAP4: begin                       // a <= mtvec, sfetch there
        a_ld_ram = 1'b1; jx_d = X_A; jy_d = Y_ZERO; st_d = T_JUMP;
      end
      default: st_d = T_LOCK;              // T_LOCK: stay
    endcase
    if (go_trap) st_d = T_TRAP1;
    if (waddr == 6'd0 && st_q != T_INIT) we = 1'b0;   // x0 stays 0
  end

  // ------------------------------------------------ register file + CSR RAM
  // mtvec (direct mode only) and mepc (IALIGN = 32) keep bits 1:0 zero
  wire wmask = (st_q == T_EX2) && (csr_addr == CSR_MTVEC || csr_addr == CSR_MEPC);
  reg [31:0] ram [0:63];
  reg [31:0] rdata_q;
  always @(posedge clk_i) begin
    if (we) ram[waddr] <= {wdata[31:2], wdata[1:0] & ~{2{wmask}}};
    rdata_q <= ram[raddr];
  end

  // ------------------------------------------------ flops
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q <= T_INIT; spc_q <= 30'd0; a_q <= 32'd0; b_q <= 32'd0; cnt_q <= 6'd0;
      jx_q <= X_ZERO; jy_q <= Y_ZERO; in_trap_q <= 1'b0; cause_q <= 4'd0;
      tv_instr_q <= 1'b0; tvx_q <= X_ZERO; mrd_q <= 5'd0; mf3_q <= 3'd0; mwe_q <= 1'b0;
      scycle_q <= 64'd0;
    end else begin
      st_q <= st_d;
      scycle_q <= scycle_q + 64'd1;
      if (pc_ld) spc_q <= ssum[31:2];
      if (a_ld_ram) a_q <= rdata_q;
      else if (a_ld_sum) a_q <= {ssum[31:1], ssum[0] & !(st_q == T_EX && opcode == OPC_JALR)};
      else if (a_shift) a_q <= a_shifted;
      if (b_ld_ram) b_q <= rdata_q;
      if (st_q == T_INIT) cnt_q <= cnt_q + 6'd1;
      else if (st_q == T_EX) cnt_q <= {1'b0, yv[4:0]};
      else if (a_shift) cnt_q <= cnt_q - (sh4 ? 6'd4 : 6'd1);
      if (st_d == T_JUMP) begin jx_q <= jx_d; jy_q <= jy_d; end
      if (sfetch) in_trap_q <= 1'b0;
      else if (st_q == T_TRAP4) in_trap_q <= 1'b1;
      if (go_trap) begin cause_q <= trap_c; tv_instr_q <= trap_tv_instr; tvx_q <= trap_tvx; end
      if (st_q == T_DEC) begin mrd_q <= rd; mf3_q <= funct3; mwe_q <= (opcode == OPC_STORE); end
    end
  end

  // ------------------------------------------------ ports
  wire [1:0] lane = ssum[1:0];
  assign imem_en_o   = sfetch;
  assign imem_addr_o = {ssum[31:2], 2'b00};
  assign dreq_o      = dreq;
  assign dwe_o       = dreq && mwe_q;
  assign daddr_o     = ssum[31:0];
  // the byte (halfword) in every lane: dbe_o picks the ones written
  assign dwdata_o    = { (mf3_q[1:0] == 2'b00) ? b_q[7:0] : (mf3_q[1:0] == 2'b01) ? b_q[15:8] : b_q[31:24],
                         (mf3_q[1:0] == 2'b10) ? b_q[23:16] : b_q[7:0],
                         (mf3_q[1:0] == 2'b00) ? b_q[7:0] : b_q[15:8],
                         b_q[7:0] };
  assign dbe_o       = (mf3_q[1:0] == 2'b00) ? (4'b0001 << lane) :
                       (mf3_q[1:0] == 2'b01) ? (4'b0011 << lane) : 4'b1111;
  assign lockup_o    = (st_q == T_LOCK);

endmodule

`default_nettype wire
