#!/usr/bin/python3
"""The browser test of `match serve`: headless Chromium driven by Selenium (Debian's chromium,
chromium-driver and python3-selenium).

    Tests/Browser/serve_browser_test.py MATCH_BINARY OUT_DIR

Starts `match serve --port 0 --data <temp>` on a free loopback port, uploads a zip of
scenarios/example-street on the start page, checks the validation page, solves it, waits
for the plan page, opens the report (and the dispatch page when the plan has one), tries a
what-if (a 3 km circle) and opens its comparison, uploads scenario.yaml and the five lists
chosen together (the page zips them), uploads one workbook with its quarter, and switches to
English. Every step is
saved as a PNG in OUT_DIR. Exit 0 when all steps pass.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zipfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fail(message):
    print(f"browser-test: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def step(message):
    print(f"browser-test: {message}", file=sys.stderr, flush=True)


def zip_example(path):
    folder = os.path.join(ROOT, "scenarios", "example-street")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(os.listdir(folder)):
            z.write(os.path.join(folder, name), f"example-street/{name}")


class GBKName(zipfile.ZipInfo):
    """An entry named in GBK without the UTF-8 flag, as Chinese Windows' built-in zip writes it."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_chinese(path):
    """示范街道.zip: the example street in a folder 示范街道, names in GBK (issue 28)."""
    folder = os.path.join(ROOT, "scenarios", "example-street")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as f:
                z.writestr(GBKName(f"示范街道/{name}"), f.read())


def start_server(match, data):
    server = subprocess.Popen([match, "serve", "--port", "0", "--data", data],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        m = re.match(r"match serve: (http://127\.0\.0\.1:\d+/)", line)
        if m:
            return server, m.group(1)
    server.kill()
    fail("match serve did not print its address")


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1600", "--lang=zh-CN"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    match, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="match-browser-")
    data = os.path.join(work, "data")
    archive = os.path.join(work, "example-street.zip")
    zip_example(archive)
    server, base = start_server(match, data)
    driver = None
    try:
        driver = browser()
        wait = WebDriverWait(driver, 120)

        def shot(name):
            path = os.path.join(out, name)
            driver.save_screenshot(path)
            size = os.path.getsize(path)
            if size < 10_000:
                fail(f"{name} is only {size} bytes")
            step(f"screenshot {path} ({size} bytes)")

        step(f"start page {base}")
        driver.get(base)
        if "上传场景" not in driver.page_source:
            fail("the start page is not in Chinese")
        shot("1-start.png")

        driver.find_element(By.ID, "file").send_keys(archive)
        driver.find_element(By.ID, "upload-button").click()
        wait.until(EC.url_contains("/scenarios/"))
        verdict = wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        if "ok" not in verdict.get_attribute("class"):
            fail(f"the example does not validate: {verdict.text}")
        shot("2-validation.png")

        limit = driver.find_element(By.ID, "time_limit")
        limit.clear()
        limit.send_keys("30")
        driver.find_element(By.ID, "solve-button").click()
        wait.until(EC.url_contains("/jobs/"))
        shot("3-solve.png")
        report_link = wait.until(EC.presence_of_element_located((By.ID, "report-link")))
        shot("4-plan.png")
        job_url = driver.current_url

        driver.get(report_link.get_attribute("href"))
        wait.until(EC.presence_of_element_located((By.TAG_NAME, "h1")))
        shot("5-report.png")
        driver.get(job_url)
        links = driver.find_elements(By.ID, "dispatch-link")
        if links:
            driver.get(links[0].get_attribute("href"))
            shot("5b-dispatch.png")
            driver.get(job_url)
        else:
            step("this build writes no dispatch pages (issue 19); the report stands in for them")

        circle = wait.until(EC.presence_of_element_located((By.ID, "max_distance_km")))
        circle.clear()
        circle.send_keys("3")
        driver.find_element(By.ID, "whatif-button").click()
        compare = wait.until(EC.presence_of_element_located((By.ID, "compare-link")))
        shot("6-whatif-plan.png")
        driver.get(compare.get_attribute("href"))
        wait.until(EC.presence_of_element_located((By.TAG_NAME, "h1")))
        if "whatif-1" not in driver.page_source:
            fail("the comparison does not name the what-if")
        shot("7-compare.png")

        step("upload of scenario.yaml and the five lists chosen together (zipped in the page)")
        driver.get(base + "?lang=en")
        folder = os.path.join(ROOT, "scenarios", "example-street")
        names = ["scenario.yaml", "communities.csv", "needs.csv", "units.csv", "projects.csv", "members.csv"]
        driver.find_element(By.ID, "file").send_keys("\n".join(os.path.join(folder, n) for n in names))
        driver.find_element(By.ID, "name").send_keys("six-files")
        driver.find_element(By.ID, "upload-button").click()
        wait.until(EC.url_contains("/scenarios/six-files"))
        verdict = wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        if "ok" not in verdict.get_attribute("class"):
            fail(f"the six files do not validate: {verdict.text}")
        shot("9-six-files-validation-en.png")

        step("upload of a zip with a Chinese name (GBK names, a Chinese folder)")
        chinese = os.path.join(work, "示范街道.zip")
        zip_chinese(chinese)
        driver.get(base)
        driver.find_element(By.ID, "file").send_keys(chinese)
        driver.find_element(By.ID, "upload-button").click()
        wait.until(EC.url_contains("/scenarios/" + urllib.parse.quote("示范街道")))
        verdict = wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        if "ok" not in verdict.get_attribute("class"):
            fail(f"the Chinese zip does not validate: {verdict.text}")
        if "rules-section" not in driver.page_source:
            fail("the scenario page does not show the rules in effect")
        shot("9b-chinese-zip-validation.png")

        step("upload of one workbook with its quarter")
        driver.get(base)
        driver.find_element(By.ID, "file").send_keys(os.path.join(ROOT, "Tests/MatcherTests/Fixtures/forms/workbook/lists.xlsx"))
        driver.find_element(By.ID, "quarter").send_keys("2027Q1")
        driver.find_element(By.ID, "upload-button").click()
        wait.until(EC.url_contains("/scenarios/workbook-2027Q1"))
        verdict = wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        if "ok" not in verdict.get_attribute("class"):
            fail(f"the workbook does not validate: {verdict.text}")
        shot("10-workbook-validation.png")

        driver.get(job_url)
        driver.find_element(By.ID, "lang-switch").click()
        wait.until(EC.url_contains("lang=en"))
        if "Open the plan report" not in driver.page_source:
            fail("the English plan page lacks its English words")
        shot("8-plan-en.png")
        step("all steps passed")
    finally:
        if driver:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
