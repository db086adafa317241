-- +goose Up
-- The currencies orders may be in, with their rounding rules (Virto's Currency, which
-- vc-module-core keeps): decimal digits, the .NET MidpointRounding name and Virto's RoundingType
-- name. Every total is rounded by its currency's row; an order in a currency not listed here
-- is refused. Seeded with ISO 4217 digits and Virto's defaults (AwayFromZero, Rounding001);
-- administrators edit them under Admin → Currencies. No exchange rates: orders never convert.
CREATE TABLE IF NOT EXISTS currencies (
    code              CHAR(3)          NOT NULL,
    name              VARCHAR(256)     NOT NULL,
    symbol            VARCHAR(16)      NOT NULL DEFAULT '',
    decimal_digits    TINYINT UNSIGNED NOT NULL DEFAULT 2,
    midpoint_rounding VARCHAR(18)      NOT NULL DEFAULT 'AwayFromZero',
    rounding_type     VARCHAR(16)      NOT NULL DEFAULT 'Rounding001',
    updated_at        DATETIME(6)      NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO currencies (code, name, symbol, decimal_digits) VALUES
    ('AED', 'UAE dirham', 'د.إ', 2),
    ('ARS', 'Argentine peso', '$', 2),
    ('AUD', 'Australian dollar', 'A$', 2),
    ('BGN', 'Bulgarian lev', 'лв', 2),
    ('BHD', 'Bahraini dinar', 'BD', 3),
    ('BRL', 'Brazilian real', 'R$', 2),
    ('CAD', 'Canadian dollar', 'CA$', 2),
    ('CHF', 'Swiss franc', 'CHF', 2),
    ('CLP', 'Chilean peso', '$', 0),
    ('CNY', 'Chinese yuan', '¥', 2),
    ('COP', 'Colombian peso', '$', 2),
    ('CZK', 'Czech koruna', 'Kč', 2),
    ('DKK', 'Danish krone', 'kr', 2),
    ('EGP', 'Egyptian pound', 'E£', 2),
    ('EUR', 'Euro', '€', 2),
    ('GBP', 'Pound sterling', '£', 2),
    ('HKD', 'Hong Kong dollar', 'HK$', 2),
    ('HUF', 'Hungarian forint', 'Ft', 2),
    ('IDR', 'Indonesian rupiah', 'Rp', 2),
    ('ILS', 'Israeli new shekel', '₪', 2),
    ('INR', 'Indian rupee', '₹', 2),
    ('IQD', 'Iraqi dinar', 'ع.د', 3),
    ('ISK', 'Icelandic króna', 'kr', 0),
    ('JOD', 'Jordanian dinar', 'JD', 3),
    ('JPY', 'Japanese yen', '¥', 0),
    ('KES', 'Kenyan shilling', 'KSh', 2),
    ('KRW', 'South Korean won', '₩', 0),
    ('KWD', 'Kuwaiti dinar', 'KD', 3),
    ('LYD', 'Libyan dinar', 'LD', 3),
    ('MXN', 'Mexican peso', '$', 2),
    ('MYR', 'Malaysian ringgit', 'RM', 2),
    ('NGN', 'Nigerian naira', '₦', 2),
    ('NOK', 'Norwegian krone', 'kr', 2),
    ('NZD', 'New Zealand dollar', 'NZ$', 2),
    ('OMR', 'Omani rial', 'ر.ع.', 3),
    ('PHP', 'Philippine peso', '₱', 2),
    ('PLN', 'Polish złoty', 'zł', 2),
    ('PYG', 'Paraguayan guaraní', '₲', 0),
    ('RON', 'Romanian leu', 'lei', 2),
    ('SAR', 'Saudi riyal', 'ر.س', 2),
    ('SEK', 'Swedish krona', 'kr', 2),
    ('SGD', 'Singapore dollar', 'S$', 2),
    ('THB', 'Thai baht', '฿', 2),
    ('TND', 'Tunisian dinar', 'DT', 3),
    ('TRY', 'Turkish lira', '₺', 2),
    ('TWD', 'New Taiwan dollar', 'NT$', 2),
    ('UAH', 'Ukrainian hryvnia', '₴', 2),
    ('UGX', 'Ugandan shilling', 'USh', 0),
    ('USD', 'US dollar', '$', 2),
    ('VND', 'Vietnamese đồng', '₫', 0),
    ('XAF', 'Central African CFA franc', 'FCFA', 0),
    ('XOF', 'West African CFA franc', 'CFA', 0),
    ('ZAR', 'South African rand', 'R', 2);

-- +goose Down
DROP TABLE IF EXISTS currencies;
