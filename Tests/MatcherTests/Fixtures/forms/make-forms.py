#!/usr/bin/python3
"""Builds the list-format fixtures (issue 15) from scenarios/example-street:

  plain/     the five CSVs as the contract writes them (P16 on one date, so that the workbook can
             hold a real date cell) — the twin the others must solve to exactly;
  workbook/  one lists.xlsx with five sheets (numbers as numeric cells, P16's date as a date cell,
             a stray-space header, an integer written as 2.0, a boolean extra column), via openpyxl;
  chinese/   CSVs with Chinese headers and Chinese values and separators (周末, 周六下午, 逢六,
             每周六、日, 2027年1月16日, 1月16日, ！, ；, 、, ：, full-width digits);
  utf16/     what Excel's "Unicode text" saves: UTF-16 LE with BOM, tab-separated, CRLF.

Run from anywhere: Tests/MatcherTests/Fixtures/forms/make-forms.py (needs python3-openpyxl).
"""
import csv, datetime, io, os, re

here = os.path.dirname(os.path.abspath(__file__))
example = os.path.join(here, "..", "..", "..", "..", "scenarios", "example-street")
LISTS = ["communities", "needs", "units", "projects", "members"]


def read(name):
    with open(os.path.join(example, name + ".csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


tables = {n: read(n) for n in LISTS}
# P16 on one date: a single ISO date the workbook can store as a date cell.
ph, pr = tables["projects"]
for r in pr:
    if r[0] == "P16":
        r[ph.index("dates")] = "2027-02-20"

with open(os.path.join(example, "scenario.yaml"), encoding="utf-8") as f:
    yaml_text = f.read()


def scenario(folder, paths):
    text = yaml_text
    for n in LISTS:
        text = text.replace(f"  {n}: {n}.csv\n", f"  {n}: {paths[n]}\n")
    os.makedirs(os.path.join(here, folder), exist_ok=True)
    with open(os.path.join(here, folder, "scenario.yaml"), "w", encoding="utf-8") as f:
        f.write(text)


def write_csv(path, header, rows, **kw):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=kw.get("eol", "\n"), delimiter=kw.get("sep", ","))
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue()
    with open(path, "wb") as f:
        f.write(b"\xff\xfe" + data.encode("utf-16-le") if kw.get("utf16") else data.encode("utf-8"))


# plain
os.makedirs(os.path.join(here, "plain"), exist_ok=True)
for n in LISTS:
    write_csv(os.path.join(here, "plain", n + ".csv"), *tables[n])
scenario("plain", {n: n + ".csv" for n in LISTS})

# utf16: tab-separated UTF-16 LE with BOM and CRLF line ends.
os.makedirs(os.path.join(here, "utf16"), exist_ok=True)
for n in LISTS:
    write_csv(os.path.join(here, "utf16", n + ".txt"), *tables[n], sep="\t", eol="\r\n", utf16=True)
scenario("utf16", {n: n + ".txt" for n in LISTS})

# workbook
import openpyxl

numeric = {"lat", "lon", "households", "urgency", "funds", "min_projects", "max_projects", "sessions",
           "min_volunteers", "max_volunteers", "hours", "cost", "max_sessions"}
sheet_names = {"communities": "社区", "needs": "需求", "units": "单位", "projects": "项目", "members": "党员"}
wb = openpyxl.Workbook()
wb.remove(wb.active)
for n in LISTS:
    header, rows = tables[n]
    ws = wb.create_sheet(sheet_names[n])
    head = list(header)
    if n == "needs":
        head[0] = " id "          # a header cell with stray spaces
    if n == "units":
        head.append("active")     # an extra boolean column (ignored)
    ws.append(head)
    for r in rows:
        out = []
        for col, v in zip(header, r):
            if v != "" and col in numeric:
                x = float(v)
                out.append(int(x) if x == int(x) and col not in ("lat", "lon") else x)
            elif n == "projects" and col == "dates" and re.fullmatch(r"\d{4}-\d\d-\d\d", v):
                out.append(datetime.date.fromisoformat(v))
            else:
                out.append(v if v != "" else None)
        if n == "units":
            out.append(True)
        ws.append(out)
    if n == "projects":
        si = header.index("sessions") + 1
        ws.cell(row=2, column=si).value = float(ws.cell(row=2, column=si).value)  # 2.0 in an integer column
        di = header.index("dates") + 1
        for row in ws.iter_rows(min_row=2):
            if isinstance(row[di - 1].value, datetime.date):
                row[di - 1].number_format = "yyyy/m/d"
os.makedirs(os.path.join(here, "workbook"), exist_ok=True)
wb.save(os.path.join(here, "workbook", "lists.xlsx"))
paths = {n: f"lists.xlsx#{sheet_names[n]}" for n in LISTS}
paths["communities"] = "lists.xlsx"  # the first sheet
scenario("workbook", paths)

# chinese
zh_header = {"id": "编号", "name": None, "street": "街道", "lat": "纬度", "lon": "经度", "community": "社区",
             "category": "类别", "title": "标题", "households": "户数", "urgency": "紧急程度", "kind": "类型",
             "categories": "服务类别", "funds": "资金", "min_projects": "最少项目", "max_projects": "最多项目",
             "paired_communities": "结对社区", "needs": "需求", "sessions": "场次", "dates": "日期", "slot": "时段",
             "min_volunteers": "最少人数", "max_volunteers": "最多人数", "hours": "时长", "cost": "费用",
             "skills": "技能", "unit": "单位", "availability": "可服务时间", "max_sessions": "最多场次"}
WD = {"mon": "一", "tue": "二", "wed": "三", "thu": "四", "fri": "五", "sat": "六", "sun": "日"}
SLOT = {"am": "上午", "pm": "下午", "eve": "晚上"}
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def zh_date(iso, k):
    y, m, d = (int(x) for x in iso.split("-"))
    return [f"{y}年{m}月{d}日", f"{m}月{d}日", f"{y}/{m}/{d}", f"{y}.{m}.{d}"][k % 4]


def zh_dates(rule, k):
    out = []
    for i, item in enumerate(rule.split(";")):
        if item == "monthday:6,16,26":
            out.append("逢六")
        elif item.startswith("monthday:"):
            out.append("每月" + "、".join(item[9:].split(",")) + "日")
        elif item.startswith("weekday:"):
            days = [WD[d] for d in item[8:].split(",")]
            out.append("每周" + "、".join(days) if len(days) > 1 or k % 2 else "周" + days[0])
        else:
            out.append(zh_date(item, k + i))
    return "；".join(out)


def zh_token(tok, k):
    neg = tok.startswith("!")
    t = tok[1:] if neg else tok
    slot = ""
    m = re.fullmatch(r"(.*)-(am|pm|eve)", t)
    if m:
        t, slot = m.group(1), ("-" if k % 2 else "") + SLOT[m.group(2)]
    if t in WD:
        day = ("周" if k % 2 else "星期") + WD[t]
    elif t == "weekday":
        day = "工作日"
    elif t == "weekend":
        day = "周末"
    elif t == "any":
        day = "每天" if k % 2 else "任意"
    else:
        day = zh_date(t, k)
    return ("！" if neg else "") + day + slot


def zh_value(list_name, col, v, k):
    if v == "":
        return v
    if col == "dates":
        return zh_dates(v, k)
    if col == "slot":
        return SLOT[v]
    if col == "availability":
        return ("、" if k % 2 else "；").join(zh_token(t, k + i) for i, t in enumerate(v.split(";")))
    if col in ("categories", "needs", "paired_communities"):
        return ("、" if k % 2 else "；").join(v.split(";"))
    if col == "skills":
        return "、".join(s.replace(":", "：") for s in v.split(";"))
    if col in ("households", "urgency", "sessions") and k % 3 == 0:
        return v.translate(FULL)
    return v


os.makedirs(os.path.join(here, "chinese"), exist_ok=True)
for n in LISTS:
    header, rows = tables[n]
    head = [zh_header[h] or ("姓名" if n == "members" else "名称") for h in header]
    zrows = [[zh_value(n, c, v, k) for c, v in zip(header, r)] for k, r in enumerate(rows)]
    write_csv(os.path.join(here, "chinese", n + ".csv"), head, zrows)
scenario("chinese", {n: n + ".csv" for n in LISTS})
print("wrote plain/, utf16/, workbook/, chinese/ under", here)
