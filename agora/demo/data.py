"""Who and what the demo holds: categories, people and shops. Products are in products.py.

The handles and the password are promised by the README and scripts/serve: keep them.
"""

from __future__ import annotations

PASSWORD = "agora-demo-2026"  # noqa: S105 (published in the README: demo accounts only)

# parent name -> children names
CATEGORIES: dict[str, list[str]] = {
    "Apparel": ["Women", "Men", "Kids", "Accessories"],
    "Coffee": ["Beans", "Equipment"],
    "Home": ["Kitchen", "Textiles", "Living"],
}

# English name -> (French, German), for every name above
CATEGORY_NAMES: dict[str, tuple[str, str]] = {
    "Apparel": ("Vêtements", "Bekleidung"),
    "Women": ("Femme", "Damen"),
    "Men": ("Homme", "Herren"),
    "Kids": ("Enfant", "Kinder"),
    "Accessories": ("Accessoires", "Accessoires"),
    "Coffee": ("Café", "Kaffee"),
    "Beans": ("Grains", "Bohnen"),
    "Equipment": ("Matériel", "Zubehör"),
    "Home": ("Maison", "Wohnen"),
    "Kitchen": ("Cuisine", "Küche"),
    "Textiles": ("Linge de maison", "Heimtextilien"),
    "Living": ("Salon", "Wohnzimmer"),
}

# handle, display name, language, avatar colour, bio
PEOPLE: list[tuple[str, str, str, str, str]] = [
    ("mod", "Agora Moderation", "en", "#3d4a5c", "Keeping Agora friendly. Report anything odd."),
    ("ana", "Ana Ribeiro", "en", "#c8643c", "Slow fashion, good coffee, fewer but better things."),
    ("sofia", "Sofia Marchetti", "fr", "#7a8f6b", "Founder and designer at @atelier_nord."),
    ("marc", "Marc Lefèvre", "fr", "#6b4f3a", "Roasting small lots by the canal since 2014."),
    ("lena", "Lena Hoffmann", "de", "#e2b13c", "Kinderkleidung, genäht in Leipzig. @kinderkram"),
    ("oliver", "Oliver Grant", "en", "#2f6f8f", "Potter and owner of @fernhill."),
    ("chloe", "Chloé Martin", "fr", "#b0413e", "Style notes and honest try-ons. Creator."),
    (
        "yusuf",
        "Yusuf Demir",
        "en",
        "#8a5a2b",
        "Q-grader and barista trainer. Ask me about extraction.",
    ),
    ("ines", "Inès Dubois", "fr", "#9c6b98", "Studio and customer care at @atelier_nord."),
    ("paul", "Paul Girard", "fr", "#4f6d7a", "Green coffee buyer at @torrefaction."),
    ("noah", "Noah Schmidt", "de", "#5b8c5a", "Dad of two, collector of tiny dungarees."),
    ("emma", "Emma Wilson", "en", "#d17a6e", "Home cook, ceramics nerd."),
    ("lucas", "Lucas Bernard", "fr", "#2e5266", "Espresso at home, filter at work."),
    ("mia", "Mia Keller", "de", "#c29b40", "Nachhaltig einkaufen, bewusst leben."),
    ("jonas", "Jonas Weber", "de", "#40798c", "Cyclist, coffee, more coffee."),
]

# handle, name, owner, staff, currency, language, logo colour, description
SHOPS: list[tuple[str, str, str, list[str], str, str, str, str]] = [
    (
        "atelier_nord",
        "Atelier Nord",
        "sofia",
        ["ines"],
        "EUR",
        "fr",
        "#1f2a44",
        (
            "Vêtements en lin, laine et coton bio, dessinés et cousus en petites séries à Lille. "
            "Des pièces simples, faites pour durer et se réparer."
        ),
    ),
    (
        "torrefaction",
        "Torréfaction du Canal",
        "marc",
        ["paul"],
        "EUR",
        "fr",
        "#6b4f3a",
        (
            "Cafés de spécialité torréfiés chaque mardi au bord du canal Saint-Martin. Achat direct "
            "auprès des producteurs, fiches de traçabilité pour chaque lot."
        ),
    ),
    (
        "kinderkram",
        "Kinderkram",
        "lena",
        [],
        "EUR",
        "de",
        "#e2b13c",
        (
            "Robuste Kinderkleidung aus Bio-Baumwolle und Cord, genäht in Leipzig. Mit Namensetikett "
            "auf Wunsch, damit nichts mehr in der Kita verloren geht."
        ),
    ),
    (
        "fernhill",
        "Fernhill Home",
        "oliver",
        [],
        "EUR",
        "en",
        "#7a8f6b",
        "Hand-thrown stoneware and natural textiles from a small studio in the Peak District.",
    ),
]

# Expert grants: (person, top-level category). Creators: verified by the moderator.
EXPERTS = [("yusuf", "Coffee")]
CREATORS = ["chloe"]
