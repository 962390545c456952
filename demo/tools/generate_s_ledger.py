#!/usr/bin/env python3
"""Generates the synthetic SIE 4 ledger for Strängnäs 2023 (demo/0486-strangnas/ekonomi-2023/).

S prints its drift table (S:396–405) in mkr with one decimal. This script finds exact amounts in
öre whose rounding reproduces every printed cell, including the rows' nets and deviations and the
total row (where the printed total is not the sum of the printed rows), then writes them as a
ledger a municipality's system could have exported: vouchers per month with #TRANS rows on
Kommun-Bas accounts and an Ansvar object per verksamhet, and #PBUDGET per month for the budget.

Synthetic and marked so: the object ids are the drift rows' keys, not real ansvar codes.
Deterministic (fixed seed). Run from the repository root:  python3 demo/tools/generate_s_ledger.py
"""
import random
from decimal import Decimal, ROUND_HALF_UP

MKR = 100_000_000  # öre per mkr
random.seed(486)

# key, label, utfall I, K, N, budget I, K, N, avvikelse 2023, avvikelse 2022  (S:397–404)
ROWS = [
    ("SN-POL", "Socialnämnden", "0.0", "-2.0", "-2.0", None, "-2.2", "-2.2", "0.1", "0.0"),
    ("SK", "Socialkontoret", "0.1", "-9.9", "-9.9", "0.1", "-29.6", "-29.5", "19.7", "9.3"),
    ("MYN", "Myndighet", "29.5", "-339.6", "-310.1", "27.3", "-282.1", "-254.7", "-55.3", "-18.2"),
    ("IFO", "Individ och familjeomsorg", "34.5", "-102.1", "-67.6", "36.2", "-115.9", "-79.7", "12.1", "21.3"),
    ("AO", "Äldreomsorg", "128.8", "-410.3", "-281.4", "119.3", "-376.7", "-257.4", "-24.0", "-8.7"),
    ("HSV", "Hälso- och Sjukvård", "4.2", "-83.4", "-79.2", "0.3", "-78.7", "-78.4", "-0.8", "-3.9"),
    ("FH", "Funktionshinder", "24.6", "-151.3", "-126.7", "23.7", "-157.7", "-134.0", "7.3", "3.7"),
    ("ADM", "Administration och digitalisering SK", "0.8", "-26.6", "-25.7", "0.8", "-31.9", "-31.2", "5.4", "0.9"),
]
# The total row "Socialnämnden" (S:405).
TOTAL = ("222.5", "-1125.1", "-902.6", "207.7", "-1074.8", "-867.1", "-35.5", "4.2")
# Budgetföljsamhet 2023 (S:476–484, S-T6): avvikelse / |budget netto|, per cent, one decimal.
# S computed it from its unrounded ledger, so the exact amounts here must give it too.
COMPLIANCE = ["6.4", "66.6", "-21.7", "15.2", "-9.3", "-1.0", "5.5", "17.5"]
COMPLIANCE_TOTAL = "-4.1"
# Budgetföljsamhet 2022 as S prints it beside 2023 (S:476–484): last year's report's figures.
COMPLIANCE_2022 = ["-0,5", "30,5", "-8,1", "25,0", "-3,6", "-5,7", "3,0", "4,9"]


def pct_rounds_to(dev, budget_net, printed):
    if budget_net == 0:
        return False
    p = (Decimal(dev) * 100 / abs(Decimal(budget_net))).copy_abs().quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    p = -p if dev < 0 else p
    return p == Decimal(printed) or (p == 0 and Decimal(printed) == 0)


def ore(mkr):
    return int(Decimal(mkr) * MKR)


def rounds_to(value_ore, printed):
    """Half away from zero to one decimal of mkr, as the reports round."""
    d = Decimal(value_ore) / MKR
    r = d.copy_abs().quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    r = -r if d < 0 else r
    return r == Decimal(printed) or (r == 0 and Decimal(printed) == 0)


def row_cells(v):
    ui, uk, bi, bk, pd = v
    return (ui, uk, ui + uk, bi, bk, bi + bk, (ui + uk) - (bi + bk), pd)


def printed(row):
    _, _, ui, uk, un, bi, bk, bn, dev, pd = row
    return (ui, uk, un, bi if bi is not None else "0.0", bk, bn, dev, pd)


STEP = 1_000_000  # 0.01 mkr


def candidates(row, compliance):
    """Exact values (whole kronor) for one row whose every cell rounds to the printed one,
    budgetföljsamhet included; found by sampling within each cell's rounding interval."""
    p = printed(row)
    base = [ore(p[0]), ore(p[1]), ore(p[3]), ore(p[4]), ore(p[7])]
    half = 5 * STEP  # 0,05 mkr
    out = []
    for _ in range(400_000):
        ui = base[0] + random.randint(-half, half) // 100 * 100
        uk = base[1] + random.randint(-half, half) // 100 * 100
        bi = 0 if row[5] is None else base[2] + random.randint(-half, half) // 100 * 100
        bk = base[3] + random.randint(-half, half) // 100 * 100
        cells = row_cells((ui, uk, bi, bk, 0))
        if all(rounds_to(c, pc) for c, pc in zip(cells[:7], p[:7])) and pct_rounds_to(cells[6], cells[5], compliance):
            out.append((ui, uk, bi, bk))
            if len(out) >= 400:
                break
    pds = [ore(p[7]) + d * STEP // 2 for d in range(-9, 10) if rounds_to(ore(p[7]) + d * STEP // 2, p[7])]
    return out, pds


def solve():
    cands = [candidates(r, c) for r, c in zip(ROWS, COMPLIANCE)]
    for (key, *_), (c, _) in zip(ROWS, cands):
        if not c:
            raise SystemExit(f"no candidates for {key}")
    for tries in range(2_000_000):
        pick = [random.choice(c) for c, _ in cands]
        pds = [random.choice(p) for _, p in cands]
        rows = [v + (pd,) for v, pd in zip(pick, pds)]
        totals = [sum(col) for col in zip(*[row_cells(r) for r in rows])]
        if all(rounds_to(t, pt) for t, pt in zip(totals, TOTAL)) and pct_rounds_to(totals[6], totals[5], COMPLIANCE_TOTAL):
            return rows
    raise SystemExit("no solution found")


def split(total, parts):
    """Splits an amount in öre into `parts` uneven pieces (whole kronor) summing exactly."""
    if parts == 1 or total == 0:
        return [total] + [0] * (parts - 1)
    weights = [random.uniform(0.6, 1.4) for _ in range(parts)]
    s = sum(weights)
    pieces = [int(total * w / s) // 100 * 100 for w in weights]
    pieces[-1] += total - sum(pieces)
    return pieces


INCOME_ACCOUNTS = [("3510", "Statsbidrag"), ("3610", "Avgifter och ersättningar"), ("3710", "Försäljning av verksamhet")]
COST_ACCOUNTS = [("5011", "Månadslön"), ("5411", "Arbetsgivaravgifter"), ("6410", "Köp av huvudverksamhet"), ("7010", "Lokalhyror"), ("7640", "Material och tjänster")]


def sie_amount(o):
    sign = "-" if o < 0 else ""
    return f"{sign}{abs(o) // 100}.{abs(o) % 100:02d}"


def main():
    rows = solve()
    out = []
    w = out.append
    w("#FLAGGA 0")
    w('#PROGRAM "Årshjul demogenerator" 1.0')
    w("#FORMAT PC8")
    w("#GEN 20240131")
    w("#SIETYP 4")
    w('#FNAMN "Strängnäs kommun, socialnämnden (syntetisk demo)"')
    w("#ORGNR 212000-0308")
    w("#RAR 0 20230101 20231231")
    w('#DIM 1 "Ansvar"')
    for key, label, *_ in ROWS:
        w(f'#OBJEKT 1 "{key}" "{label}"')
    w('#KONTO 1930 "Bank"')
    for a, n in INCOME_ACCOUNTS + COST_ACCOUNTS:
        w(f'#KONTO {a} "{n}"')
    # Budget per month and verksamhet.
    for (key, *_), (ui, uk, bi, bk, pd) in zip(ROWS, rows):
        for acc, amount in (("3510", bi), ("5011", bk)):
            # SIE signs: debit positive, so a cost budget is positive and an income budget negative.
            for m, part in enumerate(split(-amount, 12), start=1):
                if part:
                    w(f'#PBUDGET 0 2023{m:02d} {acc} {{1 "{key}"}} {sie_amount(part)}')
    # Outcome as vouchers.
    ver_no = 0
    for (key, label, *_), (ui, uk, bi, bk, pd) in zip(ROWS, rows):
        for amount, accounts in ((ui, INCOME_ACCOUNTS), (uk, COST_ACCOUNTS)):
            if amount == 0:
                continue
            per_month = split(amount, 12)
            for m, month_amount in enumerate(per_month, start=1):
                per_account = split(month_amount, len(accounts))
                for (acc, acc_name), a in zip(accounts, per_account):
                    for k, piece in enumerate(split(a, random.randint(1, 3))):
                        if piece == 0:
                            continue
                        ver_no += 1
                        day = min(28, 3 + 8 * k + random.randint(0, 4))
                        w(f'#VER A {ver_no} 2023{m:02d}{day:02d} "{acc_name} {label.lower()}"')
                        w("{")
                        # Income is credited (negative), costs debited (positive); the bank takes the other side.
                        w(f'#TRANS {acc} {{1 "{key}"}} {sie_amount(-piece)}')
                        w(f"#TRANS 1930 {{}} {sie_amount(piece)}")
                        w("}")
    with open("demo/0486-strangnas/ekonomi-2023/huvudbok-2023.se", "w", encoding="cp437", newline="\r\n") as f:
        f.write("\n".join(out) + "\n")
    with open("demo/0486-strangnas/ekonomi-2023/driftrader.csv", "w", encoding="utf-8") as f:
        f.write("# Driftredovisningens rader (S:396–405). avvikelse_fg_ar = avvikelse 2022 i kronor (exakt; S skriver mkr med en decimal).\n")
        f.write("# Syntetiska exakta belopp som avrundas till de tryckta värdena, se demo/tools/generate_s_ledger.py.\n")
        f.write("# foljsamhet_fg_ar = budgetföljsamhet 2022 i procent så som S trycker den (S:476–484).\n")
        f.write("nyckel;namn;avvikelse_fg_ar;foljsamhet_fg_ar\n")
        for (key, label, *_), r, c in zip(ROWS, rows, COMPLIANCE_2022):
            f.write(f"{key};{label};{sie_amount(r[4]).replace('.', ',')};{c}\n")
    budget_net = sum(bi + bk for _, _, bi, bk, _ in rows)
    print(f"{ver_no} vouchers written; budget net {sie_amount(budget_net)} kr (the ramprotokoll must sum to it)")


main()
