"""Reference data for the region, loaded by a data migration.

Contact details are the municipalities' public switchboards and web sites;
the coordinator keeps them current in admin.
"""

# (municipality, SCB code, in Sjuhärad, official name)
# The short name is what menus and filters show ("Hemkommun: Mark"); the official name is
# how the municipality calls itself, used where a page or print addresses it as a body
# ("Marks kommun", and Borås is "Borås Stad").
MUNICIPALITIES = [
    ("Borås", "1490", True, "Borås Stad"),
    ("Herrljunga", "1466", True, "Herrljunga kommun"),
    ("Mark", "1463", True, "Marks kommun"),
    ("Svenljunga", "1465", True, "Svenljunga kommun"),
    ("Tranemo", "1452", True, "Tranemo kommun"),
    ("Ulricehamn", "1491", True, "Ulricehamns kommun"),
    ("Vårgårda", "1442", True, "Vårgårda kommun"),
    # Partner municipalities outside the region that may join.
    ("Vara", "1470", False, "Vara kommun"),
    ("Essunga", "1445", False, "Essunga kommun"),
]

OFFICIAL_NAMES = {code: official for _name, code, _in, official in MUNICIPALITIES}

# (slug, name, family)
SUBJECTS = [
    ("piano", "Piano", "music"),
    ("gitarr", "Gitarr", "music"),
    ("elgitarr", "Elgitarr", "music"),
    ("elbas", "Elbas", "music"),
    ("trummor", "Trummor och slagverk", "music"),
    ("fiol", "Fiol", "music"),
    ("cello", "Cello", "music"),
    ("strakar", "Stråkar", "music"),
    ("harpa", "Harpa", "music"),
    ("blockflojt", "Blockflöjt", "music"),
    ("tvarflojt", "Tvärflöjt", "music"),
    ("klarinett", "Klarinett", "music"),
    ("saxofon", "Saxofon", "music"),
    ("trumpet", "Trumpet", "music"),
    ("trombon", "Trombon", "music"),
    ("sang", "Sång", "music"),
    ("korsang", "Körsång", "music"),
    ("orkester", "Orkester", "music"),
    ("musikproduktion", "Musikproduktion", "media"),
    ("dans", "Dans", "dance"),
    ("teater", "Teater", "theatre"),
    ("musikal", "Musikal", "theatre"),
    ("bild", "Bild och form", "art"),
    ("film", "Film", "media"),
    ("skrivande", "Kreativt skrivande", "writing"),
    ("cirkus", "Cirkus", "other"),
]

# (slug, name, municipality, postal code, city, phone, website, subjects)
SCHOOLS = [
    ("boras", "Kulturskolan i Borås", "Borås", "501 80", "Borås", "033-35 70 00",
     "https://www.boras.se/kulturskolan",
     ["piano", "gitarr", "elgitarr", "elbas", "trummor", "fiol", "cello", "strakar", "harpa",
      "blockflojt", "tvarflojt", "klarinett", "saxofon", "trumpet", "trombon", "sang",
      "korsang", "orkester", "musikproduktion", "dans", "teater", "musikal", "bild", "film",
      "skrivande", "cirkus"]),
    ("herrljunga", "Herrljunga kulturskola", "Herrljunga", "524 80", "Herrljunga",
     "0513-170 00", "https://www.herrljunga.se",
     ["piano", "gitarr", "trummor", "sang", "fiol", "dans"]),
    ("mark", "Marks kulturskola", "Mark", "511 80", "Kinna", "0320-21 70 00",
     "https://www.mark.se",
     ["piano", "gitarr", "elgitarr", "elbas", "trummor", "fiol", "cello", "tvarflojt",
      "klarinett", "trumpet", "sang", "dans", "teater", "bild"]),
    ("svenljunga", "Svenljunga kulturskola", "Svenljunga", "512 80", "Svenljunga",
     "0325-180 00", "https://www.svenljunga.se",
     ["piano", "gitarr", "trummor", "sang", "teater"]),
    ("tranemo", "Tranemo kulturskola", "Tranemo", "514 80", "Tranemo", "0325-57 60 00",
     "https://www.tranemo.se",
     ["piano", "gitarr", "trummor", "sang", "fiol", "dans"]),
    ("ulricehamn", "Ulricehamns kulturskola", "Ulricehamn", "523 86", "Ulricehamn",
     "0321-59 50 00", "https://www.ulricehamn.se",
     ["piano", "gitarr", "elgitarr", "trummor", "fiol", "tvarflojt", "sang", "dans", "teater",
      "bild"]),
    ("vargarda", "Vårgårda kulturskola", "Vårgårda", "447 80", "Vårgårda", "0322-60 00 00",
     "https://www.vargarda.se",
     ["piano", "gitarr", "trummor", "sang", "dans"]),
]


# Partner schools outside Sjuhärad (municipality not in the region): shown apart from
# the seven, may take part in agreements and events.
# (slug, name, municipality, postal code, city, phone, website, e-mail, subjects, description)
PARTNER_SCHOOLS = [
    ("vara", "Vara kulturskola", "Vara", "534 81", "Vara", "0512-310 00",
     "https://www.vara.se", "", ["piano", "gitarr", "trummor", "sang", "dans", "teater"],
     "Kulturskolan i Vara kommun, samarbetspartner utanför Sjuhärad."),
    ("essunga", "Essunga kulturskola", "Essunga", "465 30", "Nossebro", "0512-570 00",
     "https://www.essunga.se", "", ["piano", "gitarr", "trummor", "sang"],
     "Kulturskolan i Essunga kommun, samarbetspartner utanför Sjuhärad."),
]


def load_partner_schools(Municipality, Subject, School):
    """Create the partner schools (idempotent; the coordinator edits them in admin
    afterwards, so existing rows keep their details)."""
    for (slug, name, municipality, postal_code, city, phone, website, email, offered,
         description) in PARTNER_SCHOOLS:
        school, created = School.objects.get_or_create(slug=slug, defaults={
            "name": name, "municipality": Municipality.objects.get(name=municipality),
            "postal_code": postal_code, "city": city, "phone": phone, "website": website,
            "email": email, "description": description})
        if created:
            school.subjects.set(Subject.objects.filter(slug__in=offered))


def load_reference_data(Municipality, Subject, School):
    """Create or update the reference rows (idempotent).

    Takes the model classes so the data migration can pass historical models;
    tests that flush the database (transactional tests) call it again.
    """
    municipalities = {}
    for name, code, in_sjuharad, official_name in MUNICIPALITIES:
        defaults = {"name": name, "in_sjuharad": in_sjuharad}
        if hasattr(Municipality, "official_name"):
            # The 0002 data migration runs before the column exists (added in 0004).
            defaults["official_name"] = official_name
        municipalities[name], _ = Municipality.objects.update_or_create(
            scb_code=code, defaults=defaults)
    subjects = {}
    for slug, name, family in SUBJECTS:
        subjects[slug], _ = Subject.objects.update_or_create(
            slug=slug, defaults={"name": name, "family": family})
    for slug, name, municipality, postal_code, city, phone, website, offered in SCHOOLS:
        school, _ = School.objects.update_or_create(slug=slug, defaults={
            "name": name, "municipality": municipalities[municipality],
            "postal_code": postal_code, "city": city, "phone": phone, "website": website,
        })
        school.subjects.set([subjects[s] for s in offered])
    load_partner_schools(Municipality, Subject, School)
