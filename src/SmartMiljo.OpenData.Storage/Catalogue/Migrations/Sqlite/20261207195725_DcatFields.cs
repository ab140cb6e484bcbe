using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartMiljo.OpenData.Storage.Catalogue.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DcatFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ConformsTo",
                table: "datasets",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "ContactLocality",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactName",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactPostalCode",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactStreet",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Documentation",
                table: "datasets",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Identifier",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KeywordsEn",
                table: "datasets",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "LandingPage",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MetadataModified",
                table: "datasets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalIri",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalPublisherIri",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalPublisherName",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SeriesIri",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Spatial",
                table: "datasets",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<DateOnly>(
                name: "TemporalEnd",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "TemporalStart",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpdateFrequency",
                table: "datasets",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConformsTo",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "ContactLocality",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "ContactName",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "ContactPostalCode",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "ContactStreet",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "Documentation",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "Identifier",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "KeywordsEn",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "LandingPage",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "MetadataModified",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "OriginalIri",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "OriginalPublisherIri",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "OriginalPublisherName",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "SeriesIri",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "Spatial",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "TemporalEnd",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "TemporalStart",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "UpdateFrequency",
                table: "datasets");
        }
    }
}
