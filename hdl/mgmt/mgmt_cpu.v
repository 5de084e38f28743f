// The management core: a small multi-cycle RV32I processor (machine mode only).
//
// Written for this card; no third-party core. RV32I base ISA (RISC-V
// Unprivileged ISA 20191213, chapter 2) plus the Zicsr instructions on a
// minimal set of machine-mode CSRs (Privileged ISA 20211203, chapter 3):
// mstatus (reads MPP=M, writes ignored), misa, mhartid, mtvec (direct mode),
// mscratch, mepc, mcause, mtval, and the cycle counter (mcycle/cycle + high halves).
// No interrupts: the firmware polls.
//
// Timing: an instruction executes in the clock its word arrives from the
// synchronous instruction RAM, and the next fetch is issued in that same
// clock, so ALU, branch and jump instructions take 1 clock; loads and stores
// wait for the data bus acknowledge (2 clocks or more).
//
// REGFILE_BRAM = 0 (the card): x1..x31 are flip-flops read through two
// 31-way multiplexers. REGFILE_BRAM = 1 (small FPGAs, docs/mgmt-core.md):
// they live in two copies of a 32-word RAM with one synchronous read port
// each (yosys maps each to iCE40 block RAM), one copy read by rs1 and one
// by rs2, both written together. The register numbers arrive with the
// instruction word, so the read takes one more clock (S_RFRD) before the
// instruction executes: every instruction costs one clock more. A write
// (end of S_EXEC or S_MEM) always lands at an edge before the next
// instruction's read (end of its S_RFRD), so no forwarding is needed.
// Both modes need imem_rdata_i to hold the word until the next imem_en_o
// (mgmt_ram keeps its output while its port is not enabled).
//
// Traps (mcause): 0 instruction address misaligned (jump/branch target not
// 4-byte aligned; mepc = the jump, mtval = target), 1 instruction access fault
// (fetch outside IMEM; mepc = mtval = the address), 2 illegal instruction
// (mtval = the instruction word), 3 breakpoint, 4/6 load/store address
// misaligned, 5/7 load/store access fault (bus error; mtval = address),
// 11 ecall from M-mode. A trap with mtvec outside IMEM locks the core up
// (lockup_o) instead of looping.
`default_nettype none

module mgmt_cpu #(
  parameter [31:0] IMEM_BYTES   = 32'd16384, // fetches at or above fault
  parameter integer REGFILE_BRAM = 0         // 1: registers in block RAM (see above)
) (
  input  wire        clk_i,
  input  wire        rst_ni,

  // instruction port: synchronous read, word arrives the clock after imem_en_o
  output reg         imem_en_o,
  output reg  [31:0] imem_addr_o,
  input  wire [31:0] imem_rdata_i,

  // data port: one-clock request pulse, then wait for dack_i (or derr_i)
  output reg         dreq_o,
  output reg         dwe_o,
  output reg  [31:0] daddr_o,
  output reg  [31:0] dwdata_o,
  output reg  [3:0]  dbe_o,
  input  wire        dack_i,
  input  wire        derr_i,
  input  wire [31:0] drdata_i,

  output wire        lockup_o
);

  // ---------------------------------------------------------------- constants
  localparam [6:0] OPC_LUI    = 7'b0110111;
  localparam [6:0] OPC_AUIPC  = 7'b0010111;
  localparam [6:0] OPC_JAL    = 7'b1101111;
  localparam [6:0] OPC_JALR   = 7'b1100111;
  localparam [6:0] OPC_BRANCH = 7'b1100011;
  localparam [6:0] OPC_LOAD   = 7'b0000011;
  localparam [6:0] OPC_STORE  = 7'b0100011;
  localparam [6:0] OPC_OPIMM  = 7'b0010011;
  localparam [6:0] OPC_OP     = 7'b0110011;
  localparam [6:0] OPC_MISC   = 7'b0001111;
  localparam [6:0] OPC_SYSTEM = 7'b1110011;

  localparam [11:0] CSR_MSTATUS  = 12'h300;
  localparam [11:0] CSR_MISA     = 12'h301;
  localparam [11:0] CSR_MTVEC    = 12'h305;
  localparam [11:0] CSR_MSCRATCH = 12'h340;
  localparam [11:0] CSR_MEPC     = 12'h341;
  localparam [11:0] CSR_MCAUSE   = 12'h342;
  localparam [11:0] CSR_MTVAL    = 12'h343;
  localparam [11:0] CSR_MCYCLE   = 12'hB00;
  localparam [11:0] CSR_MCYCLEH  = 12'hB80;
  localparam [11:0] CSR_CYCLE    = 12'hC00;
  localparam [11:0] CSR_CYCLEH   = 12'hC80;
  localparam [11:0] CSR_MHARTID  = 12'hF14;

  localparam [31:0] CAUSE_IADDR_MISALIGNED = 32'd0;
  localparam [31:0] CAUSE_IACCESS_FAULT    = 32'd1;
  localparam [31:0] CAUSE_ILLEGAL          = 32'd2;
  localparam [31:0] CAUSE_BREAKPOINT       = 32'd3;
  localparam [31:0] CAUSE_LADDR_MISALIGNED = 32'd4;
  localparam [31:0] CAUSE_LACCESS_FAULT    = 32'd5;
  localparam [31:0] CAUSE_SADDR_MISALIGNED = 32'd6;
  localparam [31:0] CAUSE_SACCESS_FAULT    = 32'd7;
  localparam [31:0] CAUSE_ECALL_M          = 32'd11;

  localparam [2:0] S_FETCH  = 3'd0;   // issue the first fetch after reset
  localparam [2:0] S_EXEC   = 3'd1;   // instruction word valid on imem_rdata_i
  localparam [2:0] S_MEM    = 3'd2;   // load/store issued, waiting for the bus
  localparam [2:0] S_LOCKUP = 3'd3;   // trap vector unusable: stop
  localparam [2:0] S_RFRD   = 3'd4;   // REGFILE_BRAM: word valid, registers being read
  localparam [2:0] S_NEXT   = (REGFILE_BRAM != 0) ? S_RFRD : S_EXEC;   // after a fetch

  // ---------------------------------------------------------------- state
  reg   [2:0]  state_q, state_d;
  reg   [31:0] pc_d;
  reg   [31:2] pc_hi_q;   // pc bits 1:0 are 0: every target that is not is a trap
  wire  [31:0] pc_q = {pc_hi_q, 2'b00};
  reg   [31:0] mtvec_q, mtvec_d;
  reg   [31:0] mscratch_q, mscratch_d;
  reg   [31:0] mepc_q, mepc_d;
  reg   [31:0] mcause_q, mcause_d;
  reg   [31:0] mtval_q, mtval_d;
  reg   [63:0] cycle_q;
  // the load/store in flight (S_MEM)
  reg   [31:0] mem_addr_q, mem_addr_d;
  reg          mem_we_q, mem_we_d;
  reg   [2:0]  mem_funct3_q, mem_funct3_d;
  reg   [4:0]  mem_rd_q, mem_rd_d;

  reg          rf_we;
  reg   [4:0]  rf_waddr;
  reg   [31:0] rf_wdata;

  // ---------------------------------------------------------------- decode
  wire [31:0] instr  = imem_rdata_i;
  wire [6:0]  opcode = instr[6:0];
  wire [4:0]  rd     = instr[11:7];
  wire [2:0]  funct3 = instr[14:12];
  wire [4:0]  rs1    = instr[19:15];
  wire [4:0]  rs2    = instr[24:20];
  wire [6:0]  funct7 = instr[31:25];
  wire [11:0] csr_addr = instr[31:20];

  wire [31:0] imm_i = {{20{instr[31]}}, instr[31:20]};
  wire [31:0] imm_s = {{20{instr[31]}}, instr[31:25], instr[11:7]};
  wire [31:0] imm_b = {{19{instr[31]}}, instr[31], instr[7], instr[30:25], instr[11:8], 1'b0};
  wire [31:0] imm_u = {instr[31:12], 12'b0};
  wire [31:0] imm_j = {{11{instr[31]}}, instr[31], instr[19:12], instr[20], instr[30:21], 1'b0};

  wire [31:0] rs1_val, rs2_val;   // the register file (end of this file)

  // ---------------------------------------------------------------- ALU
  // OP and OP-IMM share it; funct7[5] selects SUB/SRA (SUB only for OP).
  // Area (small FPGAs, docs/mgmt-core.md "Size and speed"): one adder does
  // ADD, SUB, the SLT/SLTU compares and the branch compares (a - b as
  // a + ~b + 1); one right shifter does all three shifts, SLL on the
  // bit-reversed operand.
  wire        alu_is_op = (opcode == OPC_OP);
  wire        alu_b_rs2_c = alu_is_op || (opcode == OPC_BRANCH);
  wire        alu_sub_c   = (opcode == OPC_BRANCH) || (funct3 != 3'b000) || (alu_is_op && funct7[5]);
  wire        alu_b_rs2, alu_sub;
  wire [31:0] alu_b     = alu_b_rs2 ? rs2_val : imm_i;
  wire [4:0]  shamt     = alu_b[4:0];
  // {1'b0, a} - {1'b0, b} = {1'b0, a} + {1'b1, ~b} + 1: bit 32 is the borrow (a < b unsigned)
  wire [32:0] sum_res   = {1'b0, rs1_val} + {alu_sub, alu_b ^ {32{alu_sub}}} + {32'd0, alu_sub};
  wire        lt_signed = (rs1_val[31] != alu_b[31]) ? rs1_val[31] : sum_res[31];
  wire        lt_unsigned = sum_res[32];
  wire        sh_left   = !funct3[2];
  wire [31:0] sh_in     = sh_left ? bitrev(rs1_val) : rs1_val;
  wire        sh_fill   = funct7[5] && !sh_left && rs1_val[31];   // SRA/SRAI
  /* verilator lint_off UNUSEDSIGNAL */
  wire [32:0] sh_wide   = $signed({sh_fill, sh_in}) >>> shamt;   // bit 32: only the fill
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0] sh_res    = sh_left ? bitrev(sh_wide[31:0]) : sh_wide[31:0];
  reg  [31:0] alu_res;
  always @(*) begin
    case (funct3)
      3'b000:  alu_res = sum_res[31:0];
      3'b010:  alu_res = {31'd0, lt_signed};
      3'b011:  alu_res = {31'd0, lt_unsigned};
      3'b100:  alu_res = rs1_val ^ alu_b;
      3'b110:  alu_res = rs1_val | alu_b;
      3'b111:  alu_res = rs1_val & alu_b;
      default: alu_res = sh_res;                   // 001 SLL, 101 SRL/SRA
    endcase
  end

  function [31:0] bitrev(input [31:0] v);
    integer i;
    begin
      for (i = 0; i < 32; i = i + 1) bitrev[i] = v[31 - i];
    end
  endfunction

  // Legal encodings of OP / OP-IMM (funct7 checks; RV32I shifts need imm[11:5] = 0/0x20)
  reg alu_legal;
  always @(*) begin
    if (alu_is_op) begin
      alu_legal = (funct7 == 7'b0000000) ||
                  (funct7 == 7'b0100000 && (funct3 == 3'b000 || funct3 == 3'b101));
    end else begin
      case (funct3)
        3'b001:  alu_legal = (funct7 == 7'b0000000);
        3'b101:  alu_legal = (funct7 == 7'b0000000) || (funct7 == 7'b0100000);
        default: alu_legal = 1'b1;
      endcase
    end
  end

  // ---------------------------------------------------------------- branches
  // RV32I section 2.5: BEQ BNE BLT BGE BLTU BGEU (funct3 010/011 reserved)
  // the ALU adder subtracts rs2 for a branch; equality is compared apart,
  // off the carry chain (a shorter path to the next pc)
  wire        cmp_eq  = (rs1_val == rs2_val);
  wire        cmp_lt  = lt_signed;
  wire        cmp_ltu = lt_unsigned;
  reg         br_taken, br_legal;
  always @(*) begin
    br_legal = 1'b1;
    case (funct3)
      3'b000:  br_taken = cmp_eq;
      3'b001:  br_taken = !cmp_eq;
      3'b100:  br_taken = cmp_lt;
      3'b101:  br_taken = !cmp_lt;
      3'b110:  br_taken = cmp_ltu;
      3'b111:  br_taken = !cmp_ltu;
      default: begin br_taken = 1'b0; br_legal = 1'b0; end
    endcase
  end

  // ---------------------------------------------------------------- CSRs
  reg        csr_known, csr_readonly;
  reg [31:0] csr_rdata;
  always @(*) begin
    csr_known    = 1'b1;
    csr_readonly = (csr_addr[11:10] == 2'b11);   // Privileged ISA 2.1: read-only space
    case (csr_addr)
      CSR_MSTATUS:  csr_rdata = 32'h0000_1800;   // MPP = M, no interrupts
      CSR_MISA:     csr_rdata = 32'h4000_0100;   // MXL = 32, I
      CSR_MTVEC:    csr_rdata = mtvec_q;
      CSR_MSCRATCH: csr_rdata = mscratch_q;
      CSR_MEPC:     csr_rdata = mepc_q;
      CSR_MCAUSE:   csr_rdata = mcause_q;
      CSR_MTVAL:    csr_rdata = mtval_q;
      CSR_MCYCLE,
      CSR_CYCLE:    csr_rdata = cycle_q[31:0];
      CSR_MCYCLEH,
      CSR_CYCLEH:   csr_rdata = cycle_q[63:32];
      CSR_MHARTID:  csr_rdata = 32'd0;
      default: begin csr_rdata = 32'd0; csr_known = 1'b0; end
    endcase
  end
  // CSRRS/CSRRC with rs1 = x0 (or uimm = 0) do not write (Zicsr 9.1)
  wire        csr_imm    = funct3[2];
  wire [31:0] csr_src    = csr_imm ? {27'd0, rs1} : rs1_val;
  wire        csr_writes = (funct3[1:0] == 2'b01) || (rs1 != 5'd0);
  reg  [31:0] csr_wdata;
  always @(*) begin
    case (funct3[1:0])
      2'b01:   csr_wdata = csr_src;
      2'b10:   csr_wdata = csr_rdata | csr_src;
      default: csr_wdata = csr_rdata & ~csr_src;
    endcase
  end

  // ---------------------------------------------------------------- load/store
  wire [31:0] ls_addr   = rs1_val + ((opcode == OPC_STORE) ? imm_s : imm_i);
  reg         ls_legal, ls_misaligned;
  always @(*) begin
    ls_legal = 1'b1;
    ls_misaligned = 1'b0;
    case (funct3[1:0])
      2'b00:   ls_misaligned = 1'b0;
      2'b01:   ls_misaligned = ls_addr[0];
      2'b10:   ls_misaligned = (ls_addr[1:0] != 2'b00);
      default: ls_legal = 1'b0;
    endcase
    // loads: LB LH LW LBU LHU; stores: SB SH SW only
    if (opcode == OPC_STORE && funct3[2]) ls_legal = 1'b0;
    if (opcode == OPC_LOAD && funct3 == 3'b110) ls_legal = 1'b0;
  end

  // load result: shift the word down to the addressed lane, then extend
  wire [31:0] ld_shifted = drdata_i >> {mem_addr_q[1:0], 3'b000};
  reg  [31:0] ld_value;
  always @(*) begin
    case (mem_funct3_q)
      3'b000:  ld_value = {{24{ld_shifted[7]}}, ld_shifted[7:0]};
      3'b001:  ld_value = {{16{ld_shifted[15]}}, ld_shifted[15:0]};
      3'b100:  ld_value = {24'd0, ld_shifted[7:0]};
      3'b101:  ld_value = {16'd0, ld_shifted[15:0]};
      default: ld_value = ld_shifted;
    endcase
  end

  reg [3:0] st_be;
  always @(*) begin
    case (funct3[1:0])
      2'b00:   st_be = 4'b0001 << ls_addr[1:0];
      2'b01:   st_be = 4'b0011 << ls_addr[1:0];
      default: st_be = 4'b1111;
    endcase
  end

  // ---------------------------------------------------------------- control
  // "address >= IMEM_BYTES": for a power of two an OR of the high bits
  // (yosys builds a carry chain for the compare otherwise)
  localparam [31:0] IMEM_MASK = ~(IMEM_BYTES - 32'd1);
  localparam        IMEM_POW2 = (IMEM_BYTES & (IMEM_BYTES - 32'd1)) == 32'd0;
  function outside_imem(input [31:0] a);
    outside_imem = IMEM_POW2 ? ((a & IMEM_MASK) != 32'd0) : (a >= IMEM_BYTES);
  endfunction

  reg        trap;
  reg [31:0] trap_cause, trap_val, trap_epc;
  reg        fetch;
  reg [31:0] pc_plus4;
  reg [31:0] jump_target;
  // one adder for every pc-relative target: AUIPC, JAL, taken branches
  wire [31:0] pc_rel = pc_q + ((opcode == OPC_AUIPC) ? imm_u : (opcode == OPC_JAL) ? imm_j : imm_b);
  reg        jump;

  always @(*) begin
    state_d      = state_q;
    pc_d         = pc_q;
    mtvec_d      = mtvec_q;
    mscratch_d   = mscratch_q;
    mepc_d       = mepc_q;
    mcause_d     = mcause_q;
    mtval_d      = mtval_q;
    mem_addr_d   = mem_addr_q;
    mem_we_d     = mem_we_q;
    mem_funct3_d = mem_funct3_q;
    mem_rd_d     = mem_rd_q;
    rf_we        = 1'b0;
    rf_waddr     = rd;
    rf_wdata     = 32'd0;
    dreq_o       = 1'b0;
    dwe_o        = 1'b0;
    daddr_o      = ls_addr;
    dwdata_o     = rs2_val << {ls_addr[1:0], 3'b000};
    dbe_o        = st_be;
    trap         = 1'b0;
    trap_cause   = CAUSE_ILLEGAL;
    trap_val     = 32'd0;
    trap_epc     = pc_q;
    fetch        = 1'b0;
    pc_plus4     = pc_q + 32'd4;
    jump         = 1'b0;
    jump_target  = pc_plus4;

    case (state_q)
      // First fetch after reset.
      S_FETCH: begin
        fetch = 1'b1;
      end

      // The instruction word is on imem_rdata_i: execute it.
      S_EXEC: begin
        if (instr[1:0] != 2'b11) begin
          trap = 1'b1; trap_cause = CAUSE_ILLEGAL; trap_val = instr;
        end else begin
          case (opcode)
            OPC_LUI: begin
              rf_we = 1'b1; rf_wdata = imm_u; jump = 1'b1;
            end
            OPC_AUIPC: begin
              rf_we = 1'b1; rf_wdata = pc_rel; jump = 1'b1;
            end
            OPC_JAL: begin
              rf_we = 1'b1; rf_wdata = pc_plus4; jump = 1'b1; jump_target = pc_rel;
            end
            OPC_JALR: begin
              if (funct3 != 3'b000) begin
                trap = 1'b1; trap_val = instr;
              end else begin
                // RV32I 2.5: target = (rs1 + imm) with bit 0 cleared
                rf_we = 1'b1; rf_wdata = pc_plus4; jump = 1'b1;
                jump_target = {ls_addr[31:1], 1'b0};   // ls_addr: rs1 + imm_i here
              end
            end
            OPC_BRANCH: begin
              if (!br_legal) begin
                trap = 1'b1; trap_val = instr;
              end else begin
                jump = 1'b1;
                if (br_taken) jump_target = pc_rel;
              end
            end
            OPC_OPIMM, OPC_OP: begin
              if (!alu_legal) begin
                trap = 1'b1; trap_val = instr;
              end else begin
                rf_we = 1'b1; rf_wdata = alu_res; jump = 1'b1;
              end
            end
            OPC_LOAD, OPC_STORE: begin
              if (!ls_legal) begin
                trap = 1'b1; trap_val = instr;
              end else if (ls_misaligned) begin
                trap = 1'b1; trap_val = ls_addr;
                trap_cause = (opcode == OPC_LOAD) ? CAUSE_LADDR_MISALIGNED : CAUSE_SADDR_MISALIGNED;
              end else begin
                dreq_o       = 1'b1;
                dwe_o        = (opcode == OPC_STORE);
                mem_addr_d   = ls_addr;
                mem_we_d     = (opcode == OPC_STORE);
                mem_funct3_d = funct3;
                mem_rd_d     = rd;
                state_d      = S_MEM;
              end
            end
            OPC_MISC: begin
              // FENCE and FENCE.I: one hart, no caches, in-order bus: no-ops
              if (funct3 == 3'b000 || funct3 == 3'b001) jump = 1'b1;
              else begin trap = 1'b1; trap_val = instr; end
            end
            OPC_SYSTEM: begin
              if (funct3 == 3'b000) begin
                if (instr == 32'h0000_0073) begin
                  trap = 1'b1; trap_cause = CAUSE_ECALL_M;
                end else if (instr == 32'h0010_0073) begin
                  trap = 1'b1; trap_cause = CAUSE_BREAKPOINT; trap_val = pc_q;
                end else if (instr == 32'h3020_0073) begin
                  jump = 1'b1; jump_target = mepc_q;              // MRET
                end else if (instr == 32'h1050_0073) begin
                  jump = 1'b1;                                    // WFI: no interrupts, a no-op
                end else begin
                  trap = 1'b1; trap_val = instr;
                end
              end else if (funct3 == 3'b100 || !csr_known || (csr_readonly && csr_writes)) begin
                trap = 1'b1; trap_val = instr;
              end else begin
                rf_we = 1'b1; rf_wdata = csr_rdata; jump = 1'b1;
                if (csr_writes) begin
                  case (csr_addr)
                    CSR_MTVEC:    mtvec_d    = {csr_wdata[31:2], 2'b00};  // direct mode only
                    CSR_MSCRATCH: mscratch_d = csr_wdata;
                    CSR_MEPC:     mepc_d     = {csr_wdata[31:2], 2'b00};  // IALIGN = 32
                    CSR_MCAUSE:   mcause_d   = csr_wdata;
                    CSR_MTVAL:    mtval_d    = csr_wdata;
                    default: ;                                           // WARL/read-only: ignore
                  endcase
                end
              end
            end
            default: begin
              trap = 1'b1; trap_val = instr;
            end
          endcase

          if (jump) begin
            if (jump_target[1:0] != 2'b00) begin
              // RV32I 2.5: the jump/branch itself traps; rd is not written
              rf_we = 1'b0; trap = 1'b1; trap_cause = CAUSE_IADDR_MISALIGNED; trap_val = jump_target;
            end else begin
              pc_d = jump_target; fetch = 1'b1;
            end
          end
        end
      end

      // REGFILE_BRAM: the register RAMs read rs1/rs2 of the word on imem_rdata_i.
      S_RFRD: begin
        state_d = S_EXEC;
      end

      // Waiting for the data bus.
      S_MEM: begin
        daddr_o  = mem_addr_q;
        rf_waddr = mem_rd_q;
        if (dack_i || derr_i) begin
          if (derr_i) begin
            trap = 1'b1; trap_val = mem_addr_q;
            trap_cause = mem_we_q ? CAUSE_SACCESS_FAULT : CAUSE_LACCESS_FAULT;
          end else begin
            rf_we    = !mem_we_q;
            rf_wdata = ld_value;
            pc_d     = pc_plus4;
            fetch    = 1'b1;
          end
        end
      end

      // Unusable trap vector.
      S_LOCKUP: begin
      end

      default: begin
        state_d = S_LOCKUP;
      end
    endcase

    if (trap) begin
      mepc_d   = trap_epc;
      mcause_d = trap_cause;
      mtval_d  = trap_val;
      pc_d     = mtvec_q;
      fetch    = 1'b1;
    end

    // A fetch outside IMEM is an instruction access fault at that address.
    if (fetch && outside_imem(pc_d)) begin
      if (trap || outside_imem(mtvec_q)) begin
        fetch   = 1'b0;
        state_d = S_LOCKUP;
      end else begin
        mepc_d   = pc_d;
        mcause_d = CAUSE_IACCESS_FAULT;
        mtval_d  = pc_d;
        pc_d     = mtvec_q;
      end
    end
    if (fetch) state_d = S_NEXT;

    imem_en_o   = fetch;
    imem_addr_o = pc_d;
    if (rf_waddr == 5'd0) rf_we = 1'b0;
  end

  assign lockup_o = (state_q == S_LOCKUP);

  // ---------------------------------------------------------------- flops
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= S_FETCH;
      pc_hi_q      <= 30'd0;
      mtvec_q      <= 32'd0;
      mscratch_q   <= 32'd0;
      mepc_q       <= 32'd0;
      mcause_q     <= 32'd0;
      mtval_q      <= 32'd0;
      cycle_q      <= 64'd0;
      mem_addr_q   <= 32'd0;
      mem_we_q     <= 1'b0;
      mem_funct3_q <= 3'd0;
      mem_rd_q     <= 5'd0;
    end else begin
      state_q      <= state_d;
      pc_hi_q      <= pc_d[31:2];
      mtvec_q      <= mtvec_d;
      mscratch_q   <= mscratch_d;
      mepc_q       <= mepc_d;
      mcause_q     <= mcause_d;
      mtval_q      <= mtval_d;
      cycle_q      <= cycle_q + 64'd1;
      mem_addr_q   <= mem_addr_d;
      mem_we_q     <= mem_we_d;
      mem_funct3_q <= mem_funct3_d;
      mem_rd_q     <= mem_rd_d;
    end
  end

  // ---------------------------------------------------------------- register file
  // No reset (RISC-V leaves x1..x31 undefined at reset); x0 reads zero
  // because its number is checked on the read side, never by its contents.
  generate
    if (REGFILE_BRAM != 0) begin : g_rf_bram
      reg [31:0] rf_a [0:31];   // read by rs1
      reg [31:0] rf_b [0:31];   // read by rs2: the same contents
      reg [31:0] rd_a_q, rd_b_q;
      reg        nz_a_q, nz_b_q;
      always @(posedge clk_i) begin
        if (rf_we) begin
          rf_a[rf_waddr] <= rf_wdata;
          rf_b[rf_waddr] <= rf_wdata;
        end
        if (state_q == S_RFRD) begin
          rd_a_q <= rf_a[rs1];
          rd_b_q <= rf_b[rs2];
          nz_a_q <= (rs1 != 5'd0);
          nz_b_q <= (rs2 != 5'd0);
        end
      end
      assign rs1_val = nz_a_q ? rd_a_q : 32'd0;
      assign rs2_val = nz_b_q ? rd_b_q : 32'd0;
      // the word is there a clock early: two ALU controls decoded then,
      // off the path into the adder's carry chain
      reg alu_b_rs2_q, alu_sub_q;
      always @(posedge clk_i) begin
        if (state_q == S_RFRD) begin
          alu_b_rs2_q <= alu_b_rs2_c;
          alu_sub_q   <= alu_sub_c;
        end
      end
      assign alu_b_rs2 = alu_b_rs2_q;
      assign alu_sub   = alu_sub_q;
    end else begin : g_rf_ff
      reg [31:0] rf_q [1:31];
      always @(posedge clk_i) begin
        if (rf_we) rf_q[rf_waddr] <= rf_wdata;
      end
      assign rs1_val = (rs1 == 5'd0) ? 32'd0 : rf_q[rs1];
      assign rs2_val = (rs2 == 5'd0) ? 32'd0 : rf_q[rs2];
      assign alu_b_rs2 = alu_b_rs2_c;
      assign alu_sub   = alu_sub_c;
    end
  endgenerate

endmodule

`default_nettype wire
